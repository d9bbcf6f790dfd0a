#pragma once

#include <QAbstractTableModel>

#include <memory>
#include <vector>

#include "engine/storage/run_diff.h"

namespace causeway::ui {

// The trades of a run comparison, one row each in order of entry: matched
// trades with both runs' fill prices, entry slippage against arrival and
// pnl and the difference A − B of each, and the trades of one run only,
// marked as such. A row's tooltip lists every figure that differs.
class RunDiffModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        kStatus,
        kTrade,
        kEntered,
        kEntryA,
        kEntryB,
        kEntryDelta,
        kExitA,
        kExitB,
        kExitDelta,
        kSlippageA,
        kSlippageB,
        kSlippageDelta,
        kPnlA,
        kPnlB,
        kPnlDelta,
        kColumnCount
    };
    enum class RowKind { kSame, kDiffers, kOnlyA, kOnlyB };
    enum Role {
        // RowKind as int.
        kRowKindRole = Qt::UserRole + 1,
    };

    explicit RunDiffModel(QObject* parent = nullptr);

    void setDiff(std::shared_ptr<const engine::RunDiff> diff);
    void clear();
    const engine::RunDiff* diff() const { return m_diff.get(); }
    RowKind rowKind(int row) const { return m_rows.at(static_cast<std::size_t>(row)).kind; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QString rowKindText(RowKind kind);

private:
    struct Row {
        RowKind kind = RowKind::kSame;
        const engine::DiffTrade* a = nullptr;  // null: only in B
        const engine::DiffTrade* b = nullptr;  // null: only in A
        const engine::TradeDiff* matched = nullptr;
    };

    QString text(const Row& row, int column) const;
    QString toolTip(const Row& row) const;
    // The difference A − B of `field`, when the matched trade has one.
    static const engine::FieldDiff* difference(const Row& row, const char* field);

    std::shared_ptr<const engine::RunDiff> m_diff;
    std::vector<Row> m_rows;
};

}  // namespace causeway::ui
