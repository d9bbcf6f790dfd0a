#pragma once

#include <QAbstractTableModel>
#include <QHash>

#include <optional>
#include <vector>

#include "engine/storage/run_reader.h"

namespace causeway::ui {

// The ledger's orders, one row each, with the fill that executed it: what
// was asked for next to what happened. Rows only ever get appended or
// updated in place, so selections and scroll positions survive a refresh.
class OrdersModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        kOrderId,
        kTime,
        kSide,
        kType,
        kQty,
        kStatus,
        kDecisionPrice,
        kFillId,
        kFillTime,
        kFillPrice,
        kFee,
        kSlippage,
        kColumnCount
    };
    enum Role {
        // A value that sorts correctly: numbers as doubles, times as ns.
        kSortRole = Qt::UserRole + 1,
        // Span from the order to its last fill, ns UTC, for the chart.
        kFromTsRole,
        kToTsRole,
    };

    explicit OrdersModel(QObject* parent = nullptr);

    // Reconciles the table with a full read of the ledger's orders and fills.
    void apply(const std::vector<engine::OrderRow>& orders,
               const std::vector<engine::FillRow>& fills);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row {
        engine::OrderRow order;
        std::vector<engine::FillRow> fills;
    };

    static bool sameState(const Row& a, const Row& b);
    static std::optional<double> slippageBps(const Row& row);
    static std::optional<engine::Price> averageFillPrice(const Row& row);
    QVariant display(const Row& row, int column) const;
    QVariant sortValue(const Row& row, int column) const;

    std::vector<Row> m_rows;
    QHash<QString, int> m_rowByOrder;
};

}  // namespace causeway::ui
