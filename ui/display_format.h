#pragma once

#include <QCoreApplication>
#include <QString>

#include <optional>
#include <string>

#include "engine/core/fixed_point.h"
#include "engine/core/timestamp.h"

namespace causeway::ui {

// How the views spell engine values: times in UTC, exact decimals in the
// user's locale, engine enums in the user's language. One place, so the
// table, the tree, the chart tooltips and the status bar read alike.
class DisplayFormat final {
    Q_DECLARE_TR_FUNCTIONS(DisplayFormat)

public:
    DisplayFormat() = delete;

    // "2000-09-27" for a time at midnight UTC (daily bars), otherwise
    // "2000-09-27 14:30:00".
    static QString time(engine::Timestamp ts);
    // An ISO 8601 text from the journal, shown like time(); unparsable text
    // is returned as it is.
    static QString isoTime(const QString& iso);
    // Exact decimal text from the ledger with the locale's decimal point.
    static QString decimal(const std::string& exact);
    template <class Tag>
    static QString decimal(engine::FixedPoint<Tag> value) {
        return decimal(value.toString());
    }
    // A float with a fixed number of decimals in the locale.
    static QString number(double value, int decimals);
    // Money with two decimals and an explicit sign: "+1,234.50", "-3.10".
    static QString signedMoney(double value);
    static QString side(const std::string& side);
    static QString tradeSide(const std::string& side);
    static QString orderType(const std::string& type);
    static QString orderStatus(const std::string& status);
    static QString originType(const QString& type);
    static QString directiveAction(const QString& action);
};

}  // namespace causeway::ui
