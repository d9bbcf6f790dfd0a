#pragma once

#include <QString>

namespace causeway::resources {

// Qt resource paths of the files the binary ships with, named once so the
// application, the packaging and the tests cannot disagree about them.
QString sp500DailyCsv();
QString msftDailyCsv();
QString applicationIcon();

}  // namespace causeway::resources
