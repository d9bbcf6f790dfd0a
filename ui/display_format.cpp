#include "ui/display_format.h"

#include <QDateTime>
#include <QLocale>

namespace causeway::ui {

QString DisplayFormat::time(engine::Timestamp ts) {
    const qint64 ms = ts / 1'000'000;
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    if (ts % engine::kNanosPerDay == 0) {
        return utc.toString(QStringLiteral("yyyy-MM-dd"));
    }
    return utc.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString DisplayFormat::isoTime(const QString& iso) {
    const auto ts = engine::parseTimestamp(iso.toStdString());
    return ts ? time(*ts) : iso;
}

QString DisplayFormat::decimal(const std::string& exact) {
    QString text = QString::fromStdString(exact);
    const QString point = QLocale().decimalPoint();
    if (point != QLatin1String(".")) {
        text.replace(QLatin1Char('.'), point);
    }
    return text;
}

QString DisplayFormat::number(double value, int decimals) {
    return QLocale().toString(value, 'f', decimals);
}

QString DisplayFormat::signedMoney(double value) {
    const QString text = QLocale().toString(value, 'f', 2);
    return value > 0.0 ? QLatin1Char('+') + text : text;
}

QString DisplayFormat::side(const std::string& side) {
    if (side == "buy") {
        return tr("Buy");
    }
    if (side == "sell") {
        return tr("Sell");
    }
    return QString::fromStdString(side);
}

QString DisplayFormat::tradeSide(const std::string& side) {
    if (side == "long" || side == "buy") {
        return tr("Long");
    }
    if (side == "short" || side == "sell") {
        return tr("Short");
    }
    return QString::fromStdString(side);
}

QString DisplayFormat::orderType(const std::string& type) {
    if (type == "market") {
        return tr("Market");
    }
    if (type == "limit") {
        return tr("Limit");
    }
    if (type == "stop") {
        return tr("Stop");
    }
    return QString::fromStdString(type);
}

QString DisplayFormat::orderStatus(const std::string& status) {
    if (status == "new") {
        return tr("New");
    }
    if (status == "accepted") {
        return tr("Accepted");
    }
    if (status == "partially_filled") {
        return tr("Partially filled");
    }
    if (status == "filled") {
        return tr("Filled");
    }
    if (status == "rejected") {
        return tr("Rejected");
    }
    if (status == "cancelled" || status == "canceled") {
        return tr("Cancelled");
    }
    if (status == "expired") {
        return tr("Expired");
    }
    return QString::fromStdString(status);
}

QString DisplayFormat::originType(const QString& type) {
    if (type == QLatin1String("candle")) {
        return tr("Closed bar");
    }
    if (type == QLatin1String("tick")) {
        return tr("Tick");
    }
    if (type == QLatin1String("news")) {
        return tr("News");
    }
    if (type == QLatin1String("schedule")) {
        return tr("Schedule");
    }
    return type;
}

QString DisplayFormat::directiveAction(const QString& action) {
    if (action == QLatin1String("open")) {
        return tr("Open");
    }
    if (action == QLatin1String("close")) {
        return tr("Close");
    }
    if (action == QLatin1String("reverse")) {
        return tr("Reverse");
    }
    return action;
}

}  // namespace causeway::ui
