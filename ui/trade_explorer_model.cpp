#include "ui/trade_explorer_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>

#include <algorithm>

#include "ui/display_format.h"
#include "ui/run_snapshot.h"

namespace causeway::ui {

namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

}  // namespace

// The snapshot indexed by order id, built once per apply().
struct TradeExplorerModel::Inputs {
    QHash<QString, const engine::OrderRow*> orders;
    QHash<QString, std::vector<const engine::FillRow*>> fills;
    QHash<QString, std::vector<const engine::JournalRow*>> journal;
    std::vector<const engine::JournalRow*> rejections;

    explicit Inputs(const RunSnapshot& snapshot) {
        for (const auto& order : snapshot.orders) {
            orders.insert(qs(order.orderId), &order);
        }
        for (const auto& fill : snapshot.fills) {
            fills[qs(fill.orderId)].push_back(&fill);
        }
        for (const auto& entry : snapshot.journal) {
            if (entry.kind == "decision_rejected") {
                rejections.push_back(&entry);
            } else if (entry.orderId) {
                journal[qs(*entry.orderId)].push_back(&entry);
            }
        }
    }
};

TradeExplorerModel::TradeExplorerModel(QObject* parent) : QAbstractItemModel(parent) {}

TradeExplorerModel::~TradeExplorerModel() = default;

void TradeExplorerModel::apply(const RunSnapshot& snapshot) {
    const Inputs inputs(snapshot);
    for (const auto& trade : snapshot.trades) {
        applyTrade(trade, inputs);
    }
    applyRejections(inputs);
}

void TradeExplorerModel::clear() {
    beginResetModel();
    m_root.children.clear();
    m_tradeCount = 0;
    m_rejections = nullptr;
    m_trades.clear();
    m_orders.clear();
    m_rejectionByEntry.clear();
    endResetModel();
}

int TradeExplorerModel::rejectionCount() const {
    return m_rejections ? static_cast<int>(m_rejections->children.size()) : 0;
}

void TradeExplorerModel::applyTrade(const engine::TradeRow& trade, const Inputs& inputs) {
    const QString id = qs(trade.tradeId);
    Node* node = m_trades.value(id);
    if (!node) {
        // before the group of rejected decisions, which stays last
        node = insertChild(m_root, m_tradeCount, NodeKind::kTrade, id);
        ++m_tradeCount;
        m_trades.insert(id, node);
    }
    setContent(*node, tradeContent(trade));
    for (const auto& orderId : trade.orderIds) {
        if (const auto* order = inputs.orders.value(qs(orderId))) {
            applyOrder(*node, *order, inputs);
        }
    }
}

void TradeExplorerModel::applyOrder(Node& tradeNode, const engine::OrderRow& order,
                                    const Inputs& inputs) {
    const QString id = qs(order.orderId);
    Node* node = m_orders.value(id);
    if (!node) {
        node = insertChild(tradeNode, static_cast<int>(tradeNode.children.size()), NodeKind::kOrder,
                           id);
        m_orders.insert(id, node);
    }
    setContent(*node, orderContent(order));
    const auto fills = inputs.fills.value(id);
    const auto entries = inputs.journal.value(id);
    const QString signature =
        QStringLiteral("%1|%2|%3").arg(qs(order.status)).arg(fills.size()).arg(entries.size());
    if (signature != node->signature) {
        node->signature = signature;
        replaceSteps(*node, TradeStory::forOrder(order, fills, entries));
    }
}

void TradeExplorerModel::applyRejections(const Inputs& inputs) {
    if (inputs.rejections.empty()) {
        return;
    }
    if (!m_rejections) {
        m_rejections = insertChild(m_root, static_cast<int>(m_root.children.size()),
                                   NodeKind::kRejectionGroup, QString());
    }
    for (const auto* entry : inputs.rejections) {
        if (m_rejectionByEntry.contains(entry->entryId)) {
            continue;
        }
        const QString id = entry->context.value(QLatin1String("rejection"))
                               .toObject()
                               .value(QLatin1String("id"))
                               .toString();
        Node* node = insertChild(*m_rejections, static_cast<int>(m_rejections->children.size()),
                                 NodeKind::kRejection, id);
        m_rejectionByEntry.insert(entry->entryId, node);
        Content content;
        content.text[kItem] = id.isEmpty() ? tr("Decision %1").arg(entry->entryId) : id;
        content.text[kTime] = DisplayFormat::time(entry->ts);
        content.text[kDetail] = TradeStory::rejectionReason(*entry);
        content.from = content.to = entry->ts;
        setContent(*node, content);
        replaceSteps(*node, TradeStory::forRejection(*entry));
    }
    Content group;
    group.text[kItem] = tr("Decisions not taken");
    group.text[kDetail] = tr("%n signal(s) the strategy did not act on", nullptr,
                             static_cast<int>(m_rejections->children.size()));
    group.toolTip = tr("Journaled decisions not to trade, with the reason for each");
    setContent(*m_rejections, group);
}

TradeExplorerModel::Node* TradeExplorerModel::insertChild(Node& parent, int row, NodeKind kind,
                                                          const QString& key) {
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->key = key;
    node->parent = &parent;
    Node* raw = node.get();
    beginInsertRows(&parent == &m_root ? QModelIndex() : indexOf(&parent), row, row);
    parent.children.insert(parent.children.begin() + row, std::move(node));
    endInsertRows();
    return raw;
}

void TradeExplorerModel::setContent(Node& node, Content content) {
    if (node.content == content) {
        return;
    }
    node.content = std::move(content);
    Q_EMIT dataChanged(indexOf(&node, 0), indexOf(&node, kColumnCount - 1));
}

void TradeExplorerModel::replaceSteps(Node& parent, const std::vector<StoryStep>& steps) {
    const QModelIndex parentIndex = indexOf(&parent);
    if (!parent.children.empty()) {
        beginRemoveRows(parentIndex, 0, static_cast<int>(parent.children.size()) - 1);
        parent.children.clear();
        endRemoveRows();
    }
    if (steps.empty()) {
        return;
    }
    beginInsertRows(parentIndex, 0, static_cast<int>(steps.size()) - 1);
    for (const auto& step : steps) {
        auto node = std::make_unique<Node>();
        node->kind = NodeKind::kStep;
        node->parent = &parent;
        node->content = stepContent(step);
        parent.children.push_back(std::move(node));
    }
    endInsertRows();
}

TradeExplorerModel::Content TradeExplorerModel::tradeContent(const engine::TradeRow& trade) {
    Content content;
    const bool open = trade.status != "closed";
    const bool never = trade.status == "void";
    content.text[kItem] = qs(trade.tradeId);
    const QString entry = trade.entryTs ? DisplayFormat::time(*trade.entryTs)
                                        : (never ? tr("never entered") : tr("pending"));
    const QString exit = trade.exitTs ? DisplayFormat::time(*trade.exitTs)
                                      : (never ? QStringLiteral("—") : tr("open"));
    content.text[kTime] = tr("%1 → %2").arg(entry, exit);
    const QString entryPrice =
        trade.entryPrice ? DisplayFormat::decimal(*trade.entryPrice) : QStringLiteral("…");
    const QString exitPrice =
        trade.exitPrice ? DisplayFormat::decimal(*trade.exitPrice) : QStringLiteral("…");
    content.text[kDetail] = tr("%1 %2 · %3 → %4")
                                .arg(DisplayFormat::tradeSide(trade.side),
                                     DisplayFormat::decimal(trade.qty), entryPrice, exitPrice);
    if (trade.pnl && !open) {
        const double pnl = trade.pnl->toDouble();
        content.text[kPnl] = DisplayFormat::signedMoney(pnl);
        content.pnlSign = pnl > 0.0 ? 1 : (pnl < 0.0 ? -1 : 0);
    } else {
        content.text[kPnl] = never ? tr("void") : tr("open");
    }
    content.toolTip = tr("Fees %1").arg(DisplayFormat::decimal(trade.fees));
    content.from = trade.entryTs;
    content.to = trade.exitTs ? trade.exitTs : trade.entryTs;
    return content;
}

TradeExplorerModel::Content TradeExplorerModel::orderContent(const engine::OrderRow& order) {
    Content content;
    content.text[kItem] = qs(order.orderId);
    content.text[kTime] = DisplayFormat::time(order.createdTs);
    content.text[kDetail] =
        tr("%1 %2 %3 · %4")
            .arg(DisplayFormat::side(order.side), DisplayFormat::decimal(order.qty),
                 DisplayFormat::orderType(order.type), DisplayFormat::orderStatus(order.status));
    content.from = content.to = order.createdTs;
    return content;
}

TradeExplorerModel::Content TradeExplorerModel::stepContent(const StoryStep& step) {
    Content content;
    content.text[kItem] = step.title;
    content.text[kTime] = step.ts ? DisplayFormat::time(*step.ts) : QString();
    content.text[kDetail] = step.detail;
    content.toolTip = step.toolTip;
    content.from = content.to = step.ts;
    return content;
}

int TradeExplorerModel::rowOf(const Node* node) const {
    const auto& siblings = node->parent->children;
    const auto it = std::find_if(siblings.begin(), siblings.end(),
                                 [node](const auto& sibling) { return sibling.get() == node; });
    return static_cast<int>(it - siblings.begin());
}

QModelIndex TradeExplorerModel::indexOf(const Node* node, int column) const {
    if (!node || node == &m_root) {
        return {};
    }
    return createIndex(rowOf(node), column, const_cast<Node*>(node));
}

TradeExplorerModel::Node* TradeExplorerModel::nodeOf(const QModelIndex& index) const {
    return index.isValid() ? static_cast<Node*>(index.internalPointer())
                           : const_cast<Node*>(&m_root);
}

QModelIndex TradeExplorerModel::index(int row, int column, const QModelIndex& parent) const {
    if (column < 0 || column >= kColumnCount || row < 0) {
        return {};
    }
    const Node* node = nodeOf(parent);
    if (row >= static_cast<int>(node->children.size())) {
        return {};
    }
    return createIndex(row, column, node->children[static_cast<std::size_t>(row)].get());
}

QModelIndex TradeExplorerModel::parent(const QModelIndex& child) const {
    if (!child.isValid()) {
        return {};
    }
    return indexOf(nodeOf(child)->parent);
}

int TradeExplorerModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() && parent.column() != 0) {
        return 0;
    }
    return static_cast<int>(nodeOf(parent)->children.size());
}

int TradeExplorerModel::columnCount(const QModelIndex& /*parent*/) const {
    return kColumnCount;
}

QVariant TradeExplorerModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
        return {};
    }
    const Node* node = nodeOf(index);
    const Content& content = node->content;
    switch (role) {
        case Qt::DisplayRole:
            return content.text[static_cast<std::size_t>(index.column())];
        case Qt::ToolTipRole:
            return content.toolTip.isEmpty() ? QVariant() : QVariant(content.toolTip);
        case Qt::ForegroundRole:
            if (index.column() == kPnl && content.pnlSign != 0) {
                return QBrush(content.pnlSign > 0 ? QColor(0x1b, 0x8a, 0x3c)
                                                  : QColor(0xc6, 0x28, 0x28));
            }
            return {};
        case Qt::TextAlignmentRole:
            return index.column() == kPnl ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                          : QVariant();
        case Qt::FontRole:
            if (node->kind == NodeKind::kTrade || node->kind == NodeKind::kRejectionGroup) {
                QFont font;
                font.setBold(index.column() == kItem || index.column() == kPnl);
                return font;
            }
            return {};
        case kFromTsRole:
            return content.from ? QVariant::fromValue<qint64>(*content.from) : QVariant();
        case kToTsRole:
            return content.to ? QVariant::fromValue<qint64>(*content.to) : QVariant();
        case kNodeKindRole:
            return static_cast<int>(node->kind);
        default:
            return {};
    }
}

QVariant TradeExplorerModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
        case kItem:
            return tr("Trade / order / step");
        case kTime:
            return tr("Time (UTC)");
        case kDetail:
            return tr("Details");
        case kPnl:
            return tr("PnL");
        default:
            return {};
    }
}

}  // namespace causeway::ui
