#pragma once

#include <QAbstractItemModel>
#include <QHash>

#include <array>
#include <memory>
#include <optional>
#include <vector>

#include "engine/storage/run_reader.h"
#include "ui/trade_story.h"

namespace causeway::ui {

struct RunSnapshot;

// Trades at the top, each order of a trade below it, and below each order
// its story from the journal: origin, signals, decision, plans, order, fills.
// Decisions the strategy did not act on are grouped in a last top-level row.
// Updates are incremental: known rows are changed in place and only new rows
// are inserted, so expanded branches stay expanded while a session runs.
class TradeExplorerModel final : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column { kItem, kTime, kDetail, kPnl, kColumnCount };
    enum class NodeKind { kTrade, kOrder, kStep, kRejectionGroup, kRejection };
    enum Role {
        // Time span of the row, ns UTC: a trade from entry to exit, a step at its time.
        kFromTsRole = Qt::UserRole + 1,
        kToTsRole,
        // NodeKind as int.
        kNodeKindRole,
    };

    explicit TradeExplorerModel(QObject* parent = nullptr);
    ~TradeExplorerModel() override;

    void apply(const RunSnapshot& snapshot);
    void clear();
    int tradeCount() const { return m_tradeCount; }
    int rejectionCount() const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Content {
        std::array<QString, kColumnCount> text;
        QString toolTip;
        std::optional<engine::Timestamp> from;
        std::optional<engine::Timestamp> to;
        // -1 loss, 0 none, +1 profit: colours the PnL column.
        int pnlSign = 0;
        bool operator==(const Content&) const = default;
    };
    struct Node {
        NodeKind kind = NodeKind::kStep;
        QString key;
        Content content;
        // What the children were built from; a change rebuilds them.
        QString signature;
        Node* parent = nullptr;
        std::vector<std::unique_ptr<Node>> children;
    };
    struct Inputs;

    void applyTrade(const engine::TradeRow& trade, const Inputs& inputs);
    void applyOrder(Node& tradeNode, const engine::OrderRow& order, const Inputs& inputs);
    void applyRejections(const Inputs& inputs);
    Node* insertChild(Node& parent, int row, NodeKind kind, const QString& key);
    void setContent(Node& node, Content content);
    void replaceSteps(Node& parent, const std::vector<StoryStep>& steps);
    static Content tradeContent(const engine::TradeRow& trade);
    static Content orderContent(const engine::OrderRow& order);
    static Content stepContent(const StoryStep& step);
    int rowOf(const Node* node) const;
    QModelIndex indexOf(const Node* node, int column = 0) const;
    Node* nodeOf(const QModelIndex& index) const;

    Node m_root;
    int m_tradeCount = 0;
    Node* m_rejections = nullptr;
    QHash<QString, Node*> m_trades;
    QHash<QString, Node*> m_orders;
    QHash<qint64, Node*> m_rejectionByEntry;
};

}  // namespace causeway::ui
