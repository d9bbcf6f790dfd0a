#include "ui/orders_model.h"

#include <QBrush>
#include <QColor>

#include "ui/display_format.h"

namespace causeway::ui {

namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

engine::Money totalFees(const std::vector<engine::FillRow>& fills) {
    engine::Money total;
    for (const auto& fill : fills) {
        total += fill.fee;
    }
    return total;
}

}  // namespace

OrdersModel::OrdersModel(QObject* parent) : QAbstractTableModel(parent) {}

void OrdersModel::apply(const std::vector<engine::OrderRow>& orders,
                        const std::vector<engine::FillRow>& fills) {
    QHash<QString, std::vector<engine::FillRow>> fillsByOrder;
    for (const auto& fill : fills) {
        fillsByOrder[qs(fill.orderId)].push_back(fill);
    }
    std::vector<Row> added;
    for (const auto& order : orders) {
        const QString id = qs(order.orderId);
        Row row{order, fillsByOrder.value(id)};
        const auto known = m_rowByOrder.constFind(id);
        if (known == m_rowByOrder.constEnd()) {
            added.push_back(std::move(row));
            continue;
        }
        Row& current = m_rows[static_cast<std::size_t>(*known)];
        if (!sameState(current, row)) {
            current = std::move(row);
            Q_EMIT dataChanged(index(*known, 0), index(*known, kColumnCount - 1));
        }
    }
    if (added.empty()) {
        return;
    }
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
    for (auto& row : added) {
        m_rowByOrder.insert(qs(row.order.orderId), static_cast<int>(m_rows.size()));
        m_rows.push_back(std::move(row));
    }
    endInsertRows();
}

void OrdersModel::clear() {
    if (m_rows.empty()) {
        return;
    }
    beginResetModel();
    m_rows.clear();
    m_rowByOrder.clear();
    endResetModel();
}

bool OrdersModel::sameState(const Row& a, const Row& b) {
    return a.order.status == b.order.status && a.order.filledQty == b.order.filledQty &&
           a.order.updatedTs == b.order.updatedTs && a.fills.size() == b.fills.size();
}

std::optional<engine::Price> OrdersModel::averageFillPrice(const Row& row) {
    if (row.fills.empty()) {
        return std::nullopt;
    }
    if (row.fills.size() == 1) {
        return row.fills.front().price;
    }
    // Several partial fills: the quantity-weighted price, for display only.
    double value = 0.0;
    double qty = 0.0;
    for (const auto& fill : row.fills) {
        value += fill.price.toDouble() * fill.qty.toDouble();
        qty += fill.qty.toDouble();
    }
    return qty > 0.0 ? std::optional(engine::Price::fromDouble(value / qty)) : std::nullopt;
}

std::optional<double> OrdersModel::slippageBps(const Row& row) {
    const auto fillPrice = averageFillPrice(row);
    if (!fillPrice || !row.order.decisionPrice || row.order.decisionPrice->isZero()) {
        return std::nullopt;
    }
    // Positive when the fill was worse for the trader than the price the
    // strategy decided at, as the engine's journal counts it.
    const double decision = row.order.decisionPrice->toDouble();
    const double sign = row.order.side == "sell" ? -1.0 : 1.0;
    return sign * (fillPrice->toDouble() - decision) / decision * 10'000.0;
}

int OrdersModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int OrdersModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : kColumnCount;
}

QVariant OrdersModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    switch (role) {
        case Qt::DisplayRole:
            return display(row, column);
        case kSortRole:
            return sortValue(row, column);
        case kFromTsRole:
            return QVariant::fromValue<qint64>(row.order.createdTs);
        case kToTsRole:
            return QVariant::fromValue<qint64>(row.fills.empty() ? row.order.createdTs
                                                                 : row.fills.back().ts);
        case Qt::TextAlignmentRole:
            switch (column) {
                case kQty:
                case kDecisionPrice:
                case kFillPrice:
                case kFee:
                case kSlippage:
                    return QVariant(Qt::AlignRight | Qt::AlignVCenter);
                default:
                    return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
            }
        case Qt::ForegroundRole:
            if (column == kSide) {
                return QBrush(row.order.side == "buy" ? QColor(0x1b, 0x8a, 0x3c)
                                                      : QColor(0xc6, 0x28, 0x28));
            }
            if (column == kStatus && row.order.status == "rejected") {
                return QBrush(QColor(0xc6, 0x28, 0x28));
            }
            return {};
        case Qt::ToolTipRole:
            if (column == kFillId && row.fills.size() > 1) {
                QStringList ids;
                for (const auto& fill : row.fills) {
                    ids << qs(fill.fillId);
                }
                return ids.join(QLatin1Char('\n'));
            }
            return {};
        default:
            return {};
    }
}

QVariant OrdersModel::display(const Row& row, int column) const {
    const engine::OrderRow& order = row.order;
    const engine::FillRow* fill = row.fills.empty() ? nullptr : &row.fills.front();
    switch (column) {
        case kOrderId:
            return qs(order.orderId);
        case kTime:
            return DisplayFormat::time(order.createdTs);
        case kSide:
            return DisplayFormat::side(order.side);
        case kType:
            return DisplayFormat::orderType(order.type);
        case kQty:
            return DisplayFormat::decimal(order.qty);
        case kStatus:
            return DisplayFormat::orderStatus(order.status);
        case kDecisionPrice:
            return order.decisionPrice ? DisplayFormat::decimal(*order.decisionPrice) : QString();
        case kFillId:
            if (!fill) {
                return QString();
            }
            return row.fills.size() == 1
                       ? qs(fill->fillId)
                       : tr("%1 (+%n more)", nullptr, static_cast<int>(row.fills.size()) - 1)
                             .arg(qs(fill->fillId));
        case kFillTime:
            return fill ? DisplayFormat::time(row.fills.back().ts) : QString();
        case kFillPrice: {
            const auto price = averageFillPrice(row);
            return price ? DisplayFormat::decimal(*price) : QString();
        }
        case kFee:
            return fill ? DisplayFormat::decimal(totalFees(row.fills)) : QString();
        case kSlippage: {
            const auto bps = slippageBps(row);
            return bps ? DisplayFormat::number(*bps, 1) : QString();
        }
        default:
            return {};
    }
}

QVariant OrdersModel::sortValue(const Row& row, int column) const {
    const engine::OrderRow& order = row.order;
    switch (column) {
        case kTime:
            return QVariant::fromValue<qint64>(order.createdTs);
        case kQty:
            return order.qty.toDouble();
        case kDecisionPrice:
            return order.decisionPrice ? order.decisionPrice->toDouble() : 0.0;
        case kFillTime:
            return row.fills.empty() ? QVariant::fromValue<qint64>(0)
                                     : QVariant::fromValue<qint64>(row.fills.back().ts);
        case kFillPrice: {
            const auto price = averageFillPrice(row);
            return price ? price->toDouble() : 0.0;
        }
        case kFee:
            return totalFees(row.fills).toDouble();
        case kSlippage:
            return slippageBps(row).value_or(0.0);
        default:
            return display(row, column);
    }
}

QVariant OrdersModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) {
        return {};
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case kTime:
                return tr("When the order was created, UTC");
            case kDecisionPrice:
                return tr("The price the strategy decided at");
            case kFillTime:
                return tr("When the order was filled, UTC");
            case kFillPrice:
                return tr("Execution price; the quantity-weighted average of several fills");
            case kSlippage:
                return tr(
                    "Fill price against the decision price, in basis points; positive is "
                    "worse for the trader");
            default:
                return {};
        }
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
        case kOrderId:
            return tr("Order");
        case kTime:
            return tr("Time");
        case kSide:
            return tr("Side");
        case kType:
            return tr("Type");
        case kQty:
            return tr("Qty");
        case kStatus:
            return tr("Status");
        case kDecisionPrice:
            return tr("Decision price");
        case kFillId:
            return tr("Fill");
        case kFillTime:
            return tr("Fill time");
        case kFillPrice:
            return tr("Fill price");
        case kFee:
            return tr("Fee");
        case kSlippage:
            return tr("Slippage (bps)");
        default:
            return {};
    }
}

}  // namespace causeway::ui
