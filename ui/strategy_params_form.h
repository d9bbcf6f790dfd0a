#pragma once

#include <QWidget>

#include <string>
#include <vector>

#include "engine/strategy/strategy_registry.h"

class QFormLayout;
class QPushButton;
class QScrollArea;

namespace causeway::ui {

// The parameters of one built-in strategy as editors built from its
// ParamSpec schema: a spin box bounded by the spec's range for numbers, a
// check box for flags, a combo box for choices; the description is each
// row's tooltip. What it returns is text StrategyRegistry::resolve reads,
// so a value the editors allow is one the engine accepts (only checks
// between parameters, such as fast < slow, are left to the engine).
class StrategyParamsForm final : public QWidget {
    Q_OBJECT

public:
    explicit StrategyParamsForm(QWidget* parent = nullptr);

    // Rebuilds the editors for `strategy`, filled with its defaults.
    // Throws std::invalid_argument for a strategy that is not built in.
    void setStrategy(const std::string& strategy);
    const std::string& strategy() const { return m_strategy; }
    // One entry per parameter of the strategy.
    engine::ParamMap params() const;
    void resetToDefaults();

    // The editor of `name` (QSpinBox, QDoubleSpinBox, QCheckBox or
    // QComboBox), null when the strategy has no such parameter.
    QWidget* editor(const std::string& name) const;

    // A decimal as the engine spells it: "0.25", "100", "0.00000001".
    static std::string decimalText(double value);

private:
    struct Field {
        engine::ParamSpec spec;
        QWidget* editor = nullptr;
    };

    static void setValue(const Field& field, const std::string& text);
    static std::string value(const Field& field);

    std::string m_strategy;
    std::vector<Field> m_fields;
    QScrollArea* m_scroll = nullptr;
    QPushButton* m_reset = nullptr;
};

}  // namespace causeway::ui
