#include "ui/strategy_params_form.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

#include "engine/core/fixed_point.h"

namespace causeway::ui {

namespace {

using engine::ParamSpec;
using engine::ParamType;

// Shows the value in its shortest form ("1", not "1.00000000") while still
// accepting as many decimals as the parameter may have.
class DecimalSpinBox final : public QDoubleSpinBox {
public:
    using QDoubleSpinBox::QDoubleSpinBox;

    QString textFromValue(double value) const override {
        QLocale shown = locale();
        shown.setNumberOptions(QLocale::OmitGroupSeparator);
        QString text = shown.toString(value, 'f', decimals());
        const QString point = shown.decimalPoint();
        if (text.contains(point)) {
            while (text.endsWith(shown.zeroDigit())) {
                text.chop(1);
            }
            if (text.endsWith(point)) {
                text.chop(point.size());
            }
        }
        return text;
    }
};

// Spec text is C-locale decimal text; std::stod would read it in the
// user's locale.
double decimalValue(const std::string& text) {
    const auto value = engine::Quantity::parse(text);
    return value ? value->toDouble() : 0.0;
}

int fractionDigits(double value) {
    const std::string text = engine::Quantity::fromDouble(value).toString();
    const auto point = text.find('.');
    return point == std::string::npos ? 0 : static_cast<int>(text.size() - point - 1);
}

// Enough decimals for the bounds and the default, at least cents.
int decimalsOf(const ParamSpec& spec, double defaultValue) {
    int decimals = std::max(2, fractionDigits(defaultValue));
    for (const auto& bound : {spec.min, spec.max}) {
        if (bound) {
            decimals = std::max(decimals, fractionDigits(*bound));
        }
    }
    return std::min(decimals, engine::Quantity::kDecimals);
}

double stepOf(double min, double max) {
    const double range = max - min;
    return range > 50 ? 1.0 : range > 2 ? 0.1 : 0.01;
}

QWidget* integerEditor(const ParamSpec& spec, QWidget* parent) {
    auto* box = new QSpinBox(parent);
    constexpr double kLowest = std::numeric_limits<int>::min();
    constexpr double kHighest = std::numeric_limits<int>::max();
    box->setRange(static_cast<int>(spec.min.value_or(kLowest)),
                  static_cast<int>(spec.max.value_or(kHighest)));
    return box;
}

QWidget* decimalEditor(const ParamSpec& spec, QWidget* parent) {
    auto* box = new DecimalSpinBox(parent);
    const double min = spec.min.value_or(-1e12);
    const double max = spec.max.value_or(1e12);
    box->setDecimals(decimalsOf(spec, decimalValue(spec.defaultValue)));
    box->setRange(min, max);
    box->setSingleStep(stepOf(min, max));
    return box;
}

QWidget* choiceEditor(const ParamSpec& spec, QWidget* parent) {
    auto* box = new QComboBox(parent);
    for (const auto& choice : spec.choices) {
        box->addItem(QString::fromStdString(choice), QString::fromStdString(choice));
    }
    return box;
}

QWidget* createEditor(const ParamSpec& spec, QWidget* parent) {
    switch (spec.type) {
        case ParamType::kInteger:
            return integerEditor(spec, parent);
        case ParamType::kDecimal:
            return decimalEditor(spec, parent);
        case ParamType::kBoolean:
            return new QCheckBox(parent);
        case ParamType::kChoice:
            return choiceEditor(spec, parent);
    }
    return nullptr;
}

}  // namespace

StrategyParamsForm::StrategyParamsForm(QWidget* parent) : QWidget(parent) {
    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_reset = new QPushButton(tr("Reset to &Defaults"), this);
    m_reset->setToolTip(tr("Put every parameter of the strategy back to its default"));
    connect(m_reset, &QPushButton::clicked, this, &StrategyParamsForm::resetToDefaults);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_reset);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_scroll, 1);
    layout->addLayout(buttons);
}

void StrategyParamsForm::setStrategy(const std::string& strategy) {
    const engine::StrategySpec& spec = engine::StrategyRegistry::spec(strategy);
    m_strategy = strategy;
    m_fields.clear();
    auto* page = new QWidget;
    auto* form = new QFormLayout(page);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    for (const ParamSpec& param : spec.params) {
        QWidget* editor = createEditor(param, page);
        editor->setObjectName(QString::fromStdString(param.name));
        const QString tip = QString::fromStdString(param.description);
        editor->setToolTip(tip);
        auto* label = new QLabel(tr("%1:").arg(QString::fromStdString(param.name)), page);
        label->setToolTip(tip);
        label->setBuddy(editor);
        form->addRow(label, editor);
        m_fields.push_back({param, editor});
    }
    m_reset->setEnabled(!m_fields.empty());
    // the old page and its editors go with it
    m_scroll->setWidget(page);
    resetToDefaults();
}

void StrategyParamsForm::resetToDefaults() {
    for (const Field& field : m_fields) {
        setValue(field, field.spec.defaultValue);
    }
}

void StrategyParamsForm::setValue(const Field& field, const std::string& text) {
    switch (field.spec.type) {
        case ParamType::kInteger:
            static_cast<QSpinBox*>(field.editor)->setValue(QString::fromStdString(text).toInt());
            break;
        case ParamType::kDecimal:
            static_cast<QDoubleSpinBox*>(field.editor)->setValue(decimalValue(text));
            break;
        case ParamType::kBoolean:
            static_cast<QCheckBox*>(field.editor)->setChecked(text == "true");
            break;
        case ParamType::kChoice: {
            auto* box = static_cast<QComboBox*>(field.editor);
            box->setCurrentIndex(box->findData(QString::fromStdString(text)));
            break;
        }
    }
}

std::string StrategyParamsForm::value(const Field& field) {
    switch (field.spec.type) {
        case ParamType::kInteger:
            return std::to_string(static_cast<QSpinBox*>(field.editor)->value());
        case ParamType::kDecimal:
            return decimalText(static_cast<QDoubleSpinBox*>(field.editor)->value());
        case ParamType::kBoolean:
            return static_cast<QCheckBox*>(field.editor)->isChecked() ? "true" : "false";
        case ParamType::kChoice:
            return static_cast<QComboBox*>(field.editor)->currentData().toString().toStdString();
    }
    return {};
}

engine::ParamMap StrategyParamsForm::params() const {
    engine::ParamMap params;
    for (const Field& field : m_fields) {
        params[field.spec.name] = value(field);
    }
    return params;
}

QWidget* StrategyParamsForm::editor(const std::string& name) const {
    const auto it = std::find_if(m_fields.begin(), m_fields.end(),
                                 [&](const Field& field) { return field.spec.name == name; });
    return it == m_fields.end() ? nullptr : it->editor;
}

std::string StrategyParamsForm::decimalText(double value) {
    return engine::Quantity::fromDouble(value).toString();
}

}  // namespace causeway::ui
