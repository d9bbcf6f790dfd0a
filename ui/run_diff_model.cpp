#include "ui/run_diff_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>

#include <algorithm>

#include "ui/display_format.h"

namespace causeway::ui {

namespace {

QString exact(const std::optional<engine::Price>& value) {
    return value ? DisplayFormat::decimal(*value) : QString();
}
QString exact(const std::optional<engine::Money>& value) {
    return value ? DisplayFormat::decimal(*value) : QString();
}
QString bps(const std::optional<double>& value) {
    return value ? DisplayFormat::number(*value, 2) : QString();
}

// A − B with its sign; basis points to two decimals, exact figures to as
// many digits as they have.
QString signedDelta(const engine::FieldDiff* field) {
    if (!field || !field->delta) {
        return {};
    }
    const double value = *field->delta;
    const QString text = field->unit == engine::FieldDiff::Unit::kBps
                             ? DisplayFormat::number(value, 2)
                             : QLocale().toString(value, 'g', 12);
    return value > 0.0 ? QLatin1Char('+') + text : text;
}

engine::Timestamp entryOf(const engine::DiffTrade* trade) {
    return trade && trade->trade.entryTs ? *trade->trade.entryTs : 0;
}

}  // namespace

RunDiffModel::RunDiffModel(QObject* parent) : QAbstractTableModel(parent) {}

void RunDiffModel::setDiff(std::shared_ptr<const engine::RunDiff> diff) {
    beginResetModel();
    m_diff = std::move(diff);
    m_rows.clear();
    if (m_diff) {
        for (const auto& t : m_diff->matched) {
            m_rows.push_back({t.differs() ? RowKind::kDiffers : RowKind::kSame, &t.a, &t.b, &t});
        }
        for (const auto& t : m_diff->onlyA) {
            m_rows.push_back({RowKind::kOnlyA, &t, nullptr, nullptr});
        }
        for (const auto& t : m_diff->onlyB) {
            m_rows.push_back({RowKind::kOnlyB, nullptr, &t, nullptr});
        }
        std::stable_sort(m_rows.begin(), m_rows.end(), [](const Row& x, const Row& y) {
            return entryOf(x.a ? x.a : x.b) < entryOf(y.a ? y.a : y.b);
        });
    }
    endResetModel();
}

void RunDiffModel::clear() {
    setDiff(nullptr);
}

int RunDiffModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RunDiffModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : kColumnCount;
}

QString RunDiffModel::rowKindText(RowKind kind) {
    switch (kind) {
        case RowKind::kSame:
            return tr("Same");
        case RowKind::kDiffers:
            return tr("Differs");
        case RowKind::kOnlyA:
            return tr("Only in A");
        case RowKind::kOnlyB:
            return tr("Only in B");
    }
    return {};
}

const engine::FieldDiff* RunDiffModel::difference(const Row& row, const char* field) {
    if (!row.matched) {
        return nullptr;
    }
    const auto& fields = row.matched->differences;
    const auto it = std::find_if(fields.begin(), fields.end(),
                                 [field](const engine::FieldDiff& f) { return f.field == field; });
    return it == fields.end() ? nullptr : &*it;
}

QString RunDiffModel::text(const Row& row, int column) const {
    const engine::DiffTrade* any = row.a ? row.a : row.b;
    switch (column) {
        case kStatus:
            return rowKindText(row.kind);
        case kTrade:
            return tr("%1 %2").arg(QString::fromStdString(any->trade.symbol),
                                   DisplayFormat::tradeSide(any->trade.side));
        case kEntered:
            return any->trade.entryTs ? DisplayFormat::time(*any->trade.entryTs) : QString();
        case kEntryA:
            return row.a ? exact(row.a->trade.entryPrice) : QString();
        case kEntryB:
            return row.b ? exact(row.b->trade.entryPrice) : QString();
        case kEntryDelta:
            return signedDelta(difference(row, "entry_price"));
        case kExitA:
            return row.a ? exact(row.a->trade.exitPrice) : QString();
        case kExitB:
            return row.b ? exact(row.b->trade.exitPrice) : QString();
        case kExitDelta:
            return signedDelta(difference(row, "exit_price"));
        case kSlippageA:
            return row.a ? bps(row.a->entryArrivalSlippageBps) : QString();
        case kSlippageB:
            return row.b ? bps(row.b->entryArrivalSlippageBps) : QString();
        case kSlippageDelta:
            return signedDelta(difference(row, "entry_arrival_slippage_bps"));
        case kPnlA:
            return row.a ? exact(row.a->trade.pnl) : QString();
        case kPnlB:
            return row.b ? exact(row.b->trade.pnl) : QString();
        case kPnlDelta:
            return signedDelta(difference(row, "pnl"));
    }
    return {};
}

QString RunDiffModel::toolTip(const Row& row) const {
    QStringList lines;
    if (row.a) {
        lines << tr("A: %1").arg(QString::fromStdString(row.a->trade.tradeId));
    }
    if (row.b) {
        lines << tr("B: %1").arg(QString::fromStdString(row.b->trade.tradeId));
    }
    if (row.matched) {
        for (const auto& f : row.matched->differences) {
            const QString delta = signedDelta(&f);
            lines << tr("%1: A %2, B %3")
                             .arg(QString::fromStdString(f.field),
                                  f.a.empty() ? tr("none") : QString::fromStdString(f.a),
                                  f.b.empty() ? tr("none") : QString::fromStdString(f.b)) +
                         (delta.isEmpty() ? QString() : tr(" (A − B %1)").arg(delta));
        }
    }
    return lines.join(QLatin1Char('\n'));
}

QVariant RunDiffModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    const bool delta = column == kEntryDelta || column == kExitDelta || column == kSlippageDelta ||
                       column == kPnlDelta;
    switch (role) {
        case Qt::DisplayRole:
            return text(row, column);
        case Qt::ToolTipRole:
            return toolTip(row);
        case kRowKindRole:
            return static_cast<int>(row.kind);
        case Qt::TextAlignmentRole:
            return column >= kEntryA ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
        case Qt::FontRole:
            if ((delta && !text(row, column).isEmpty()) ||
                (column == kStatus && row.kind != RowKind::kSame)) {
                QFont bold;
                bold.setBold(true);
                return bold;
            }
            return {};
        case Qt::BackgroundRole:
            if (row.kind == RowKind::kOnlyA) {
                return QBrush(QColor(255, 236, 200));
            }
            if (row.kind == RowKind::kOnlyB) {
                return QBrush(QColor(210, 230, 255));
            }
            return {};
        case Qt::ForegroundRole:
            // the tinted rows keep a dark text in a dark theme too
            return row.kind == RowKind::kOnlyA || row.kind == RowKind::kOnlyB
                       ? QVariant(QBrush(Qt::black))
                       : QVariant();
        default:
            return {};
    }
}

QVariant RunDiffModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section >= kSlippageA &&
        section <= kSlippageDelta) {
        return tr("Slippage of the entry fills against the arrival price, in basis points");
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
        case kStatus:
            return tr("Status");
        case kTrade:
            return tr("Trade");
        case kEntered:
            return tr("Entered");
        case kEntryA:
            return tr("Entry A");
        case kEntryB:
            return tr("Entry B");
        case kEntryDelta:
            return tr("Δ Entry");
        case kExitA:
            return tr("Exit A");
        case kExitB:
            return tr("Exit B");
        case kExitDelta:
            return tr("Δ Exit");
        case kSlippageA:
            return tr("Slippage A (bp)");
        case kSlippageB:
            return tr("Slippage B (bp)");
        case kSlippageDelta:
            return tr("Δ Slippage");
        case kPnlA:
            return tr("PnL A");
        case kPnlB:
            return tr("PnL B");
        case kPnlDelta:
            return tr("Δ PnL");
    }
    return {};
}

}  // namespace causeway::ui
