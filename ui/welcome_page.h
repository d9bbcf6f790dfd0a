#pragma once

#include <QWidget>

class QAction;

namespace causeway::ui {

// What the window shows before any run is open: what Causeway does and the
// two ways in, as buttons bound to the same actions as the File menu.
class WelcomePage final : public QWidget {
    Q_OBJECT

public:
    WelcomePage(QAction* openRun, QAction* runDemo, QWidget* parent = nullptr);
};

}  // namespace causeway::ui
