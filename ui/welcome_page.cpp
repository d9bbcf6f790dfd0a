#include "ui/welcome_page.h"

#include <QAction>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "resources/bundled_resources.h"

namespace causeway::ui {

WelcomePage::WelcomePage(QAction* openRun, QAction* runDemo, QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->addStretch(2);

    auto* icon = new QLabel(this);
    icon->setPixmap(QIcon(resources::applicationIcon()).pixmap(96, 96));
    icon->setAlignment(Qt::AlignCenter);
    layout->addWidget(icon);

    auto* title = new QLabel(tr("<h2>No run open</h2>"), this);
    title->setAlignment(Qt::AlignCenter);
    layout->addWidget(title);

    auto* text = new QLabel(
        tr("Open a run database written by <tt>causeway-cli backtest</tt> to see its chart, "
           "its orders and fills, and why every trade happened.<br>Or start the demo: a paper "
           "session that replays twenty years of S&amp;P 500 daily bars with the EMA cross "
           "strategy, with no account, key or network."),
        this);
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);
    // wide enough to read as a paragraph, not a column
    text->setMinimumWidth(520);
    text->setMaximumWidth(620);
    auto* textRow = new QHBoxLayout;
    textRow->addStretch();
    textRow->addWidget(text);
    textRow->addStretch();
    layout->addLayout(textRow);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    auto* open = new QPushButton(openRun->text(), this);
    connect(open, &QPushButton::clicked, openRun, &QAction::trigger);
    auto* demo = new QPushButton(runDemo->text(), this);
    demo->setDefault(true);
    connect(demo, &QPushButton::clicked, runDemo, &QAction::trigger);
    // a running demo disables its action; the button follows
    connect(runDemo, &QAction::enabledChanged, demo, &QPushButton::setEnabled);
    buttons->addWidget(open);
    buttons->addWidget(demo);
    buttons->addStretch();
    layout->addLayout(buttons);
    layout->addStretch(3);
}

}  // namespace causeway::ui
