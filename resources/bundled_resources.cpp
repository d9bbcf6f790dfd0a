#include "resources/bundled_resources.h"

namespace causeway::resources {

QString sp500DailyCsv() {
    return QStringLiteral(":/data/sp500_daily.csv");
}

QString msftDailyCsv() {
    return QStringLiteral(":/data/msft_daily.csv");
}

QString applicationIcon() {
    return QStringLiteral(":/icons/causeway.svg");
}

}  // namespace causeway::resources
