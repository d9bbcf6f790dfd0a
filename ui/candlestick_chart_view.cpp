#include "ui/candlestick_chart_view.h"

#include <QAreaSeries>
#include <QCandlestickSeries>
#include <QCandlestickSet>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QImage>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPainter>
#include <QScatterSeries>
#include <QScrollBar>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

#include "ui/display_format.h"

namespace causeway::ui {

namespace {

const QColor kUpColor(0x26, 0xa6, 0x5b);
const QColor kDownColor(0xd9, 0x3b, 0x3b);
const QColor kFastColor(0xf0, 0x8c, 0x00);
const QColor kSlowColor(0x2f, 0x6f, 0xd6);

QImage triangleMarker(bool up, const QColor& color) {
    constexpr int kSize = 32;
    QImage image(kSize, kSize, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(color.darker(140), 2));
    painter.setBrush(color);
    const QPolygonF up_ = {QPointF(kSize / 2.0, 3), QPointF(kSize - 3, kSize - 5),
                           QPointF(3, kSize - 5)};
    const QPolygonF down_ = {QPointF(3, 5), QPointF(kSize - 3, 5), QPointF(kSize / 2.0, kSize - 3)};
    painter.drawPolygon(up ? up_ : down_);
    return image;
}

}  // namespace

CandlestickChartView::CandlestickChartView(QWidget* parent) : QWidget(parent) {
    createChart();
    m_scroll = new QScrollBar(Qt::Horizontal, this);
    m_scroll->setToolTip(tr("Scroll back through history; the mouse wheel pans, Ctrl+wheel zooms"));
    connect(m_scroll, &QScrollBar::valueChanged, this, &CandlestickChartView::onScrolled);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_scroll);
    setEmaPeriods(m_fastPeriod, m_slowPeriod);
    updateScrollRange();
}

CandlestickChartView::~CandlestickChartView() = default;

void CandlestickChartView::createChart() {
    m_chart = new QChart;
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(6, 2, 6, 2));
    m_chart->legend()->setAlignment(Qt::AlignTop);
    m_chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);

    m_highlightUpper = new QLineSeries;
    m_highlightLower = new QLineSeries;
    m_highlightArea = new QAreaSeries(m_highlightUpper, m_highlightLower);
    // The area series does not own its boundary lines; tie their lifetime to it.
    m_highlightUpper->setParent(m_highlightArea);
    m_highlightLower->setParent(m_highlightArea);
    m_highlightArea->setColor(QColor(0x2f, 0x6f, 0xd6, 36));
    m_highlightArea->setBorderColor(QColor(0x2f, 0x6f, 0xd6, 110));

    m_candles = new QCandlestickSeries;
    m_candles->setName(tr("Price"));
    m_candles->setIncreasingColor(kUpColor);
    m_candles->setDecreasingColor(kDownColor);
    m_candles->setBodyWidth(0.7);
    m_candles->setCapsVisible(false);
    m_candles->setPen(QPen(QColor(0x55, 0x55, 0x55), 1));

    m_fastLine = new QLineSeries;
    m_fastLine->setPen(QPen(kFastColor, 1.6));
    m_slowLine = new QLineSeries;
    m_slowLine->setPen(QPen(kSlowColor, 1.6));

    m_buys = new QScatterSeries;
    m_buys->setName(tr("Buy"));
    m_buys->setMarkerSize(14);
    m_buys->setColor(kUpColor);
    m_buys->setLightMarker(triangleMarker(true, kUpColor));
    m_sells = new QScatterSeries;
    m_sells->setName(tr("Sell"));
    m_sells->setMarkerSize(14);
    m_sells->setColor(kDownColor);
    m_sells->setLightMarker(triangleMarker(false, kDownColor));

    m_timeAxis = new QDateTimeAxis;
    m_timeAxis->setFormat(QStringLiteral("yyyy-MM-dd"));
    m_timeAxis->setTickCount(7);
    m_timeAxis->setGridLineColor(QColor(0xe4, 0xe4, 0xe4));
    m_priceAxis = new QValueAxis;
    m_priceAxis->setLabelFormat(QStringLiteral("%.2f"));
    m_priceAxis->setTickCount(7);
    m_priceAxis->setGridLineColor(QColor(0xe4, 0xe4, 0xe4));
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    // prices on the right, where traders look for the last price
    m_chart->addAxis(m_priceAxis, Qt::AlignRight);

    for (QAbstractSeries* series : std::initializer_list<QAbstractSeries*>{
             m_highlightArea, m_candles, m_fastLine, m_slowLine, m_buys, m_sells}) {
        m_chart->addSeries(series);
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_priceAxis);
    }
    for (QAbstractSeries* series : {static_cast<QAbstractSeries*>(m_candles),
                                    static_cast<QAbstractSeries*>(m_highlightArea)}) {
        for (QLegendMarker* marker : m_chart->legend()->markers(series)) {
            marker->setVisible(false);
        }
    }

    connect(m_candles, &QCandlestickSeries::hovered, this,
            [this](bool hovered, QCandlestickSet* set) {
                const auto row = m_candles->sets().indexOf(set);
                const std::size_t index = m_shownFirst + static_cast<std::size_t>(row);
                if (row >= 0 && index < m_bars.size()) {
                    showCandleToolTip(hovered, m_bars[index]);
                }
            });
    connect(m_buys, &QScatterSeries::hovered, this,
            [this](const QPointF& point, bool hovered) { showMarkerToolTip(point.x(), hovered); });
    connect(m_sells, &QScatterSeries::hovered, this,
            [this](const QPointF& point, bool hovered) { showMarkerToolTip(point.x(), hovered); });

    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(220);
    m_view->viewport()->installEventFilter(this);
}

qreal CandlestickChartView::axisX(engine::Timestamp ts) {
    const qint64 ms = ts / 1'000'000;
    // QDateTimeAxis labels in local time. Shifting by the local offset makes
    // the labels read UTC, the time every table and the ledger show.
    const int offset = QDateTime::fromMSecsSinceEpoch(ms).offsetFromUtc();
    return static_cast<qreal>(ms - static_cast<qint64>(offset) * 1000);
}

void CandlestickChartView::clear() {
    m_bars.clear();
    m_markers.clear();
    m_markerText.clear();
    m_highlight.reset();
    m_fastEma = engine::Ema(m_fastPeriod);
    m_slowEma = engine::Ema(m_slowPeriod);
    m_candles->clear();
    m_fastLine->clear();
    m_slowLine->clear();
    m_buys->clear();
    m_sells->clear();
    m_highlightUpper->clear();
    m_highlightLower->clear();
    m_shownFirst = 0;
    m_shownCount = 0;
    m_chart->setTitle(QString());
    setFollowLatest(true);
    updateScrollRange();
}

void CandlestickChartView::setTitle(const QString& title) {
    m_chart->setTitle(title);
}

void CandlestickChartView::setEmaPeriods(int fast, int slow) {
    m_fastPeriod = std::max(1, fast);
    m_slowPeriod = std::max(1, slow);
    m_fastLine->setName(tr("EMA %1").arg(m_fastPeriod));
    m_slowLine->setName(tr("EMA %1").arg(m_slowPeriod));
    m_fastEma = engine::Ema(m_fastPeriod);
    m_slowEma = engine::Ema(m_slowPeriod);
    for (Bar& bar : m_bars) {
        bar.fast = m_fastEma.update(bar.close);
        bar.slow = m_slowEma.update(bar.close);
    }
    if (!m_bars.empty()) {
        updateWindow();
    }
}

void CandlestickChartView::setEmaVisible(bool visible) {
    m_fastLine->setVisible(visible);
    m_slowLine->setVisible(visible);
}

void CandlestickChartView::appendBars(const std::vector<engine::BarRow>& bars) {
    const std::size_t before = m_bars.size();
    for (const auto& row : bars) {
        if (!m_bars.empty() && row.ts <= m_bars.back().ts) {
            continue;
        }
        Bar bar;
        bar.ts = row.ts;
        bar.open = row.open.toDouble();
        bar.high = row.high.toDouble();
        bar.low = row.low.toDouble();
        bar.close = row.close.toDouble();
        bar.fast = m_fastEma.update(bar.close);
        bar.slow = m_slowEma.update(bar.close);
        m_bars.push_back(bar);
    }
    if (m_bars.size() != before) {
        updateScrollRange();
        updateWindow();
    }
}

void CandlestickChartView::setMarkers(std::vector<ChartMarker> markers) {
    m_markers = std::move(markers);
    std::sort(m_markers.begin(), m_markers.end(),
              [](const ChartMarker& a, const ChartMarker& b) { return a.ts < b.ts; });
    updateWindow();
}

void CandlestickChartView::highlight(engine::Timestamp from, engine::Timestamp to) {
    if (m_bars.empty()) {
        return;
    }
    m_highlight = std::pair(std::min(from, to), std::max(from, to));
    const std::size_t firstBar = barIndexAt(m_highlight->first);
    const std::size_t lastBar = barIndexAt(m_highlight->second);
    const std::size_t shownLast = m_shownFirst + m_shownCount;
    if (firstBar < m_shownFirst || lastBar >= shownLast) {
        // centre the span, or its start when it is wider than the window
        const auto span = static_cast<int>(lastBar - firstBar + 1);
        const int start = static_cast<int>(firstBar) - std::max(0, (m_visibleBars - span) / 2);
        setFollowLatest(false);
        m_scroll->setValue(std::clamp(start, 0, m_scroll->maximum()));
    }
    updateWindow();
}

void CandlestickChartView::clearHighlight() {
    m_highlight.reset();
    updateWindow();
}

void CandlestickChartView::setFollowLatest(bool follow) {
    if (follow == m_follow) {
        return;
    }
    m_follow = follow;
    if (m_follow) {
        m_updatingScroll = true;
        m_scroll->setValue(m_scroll->maximum());
        m_updatingScroll = false;
        updateWindow();
    }
    Q_EMIT followLatestChanged(m_follow);
}

int CandlestickChartView::candleCount() const {
    return static_cast<int>(m_candles->count());
}

void CandlestickChartView::updateScrollRange() {
    const int maximum = std::max(0, barCount() - m_visibleBars);
    m_updatingScroll = true;
    m_scroll->setRange(0, maximum);
    m_scroll->setPageStep(m_visibleBars);
    m_scroll->setSingleStep(std::max(1, m_visibleBars / 15));
    if (m_follow) {
        m_scroll->setValue(maximum);
    }
    m_scroll->setEnabled(maximum > 0);
    m_updatingScroll = false;
}

void CandlestickChartView::onScrolled(int value) {
    if (m_updatingScroll) {
        return;
    }
    const bool atEnd = value >= m_scroll->maximum();
    if (atEnd != m_follow) {
        m_follow = atEnd;
        Q_EMIT followLatestChanged(m_follow);
    }
    updateWindow();
}

void CandlestickChartView::zoom(int steps) {
    const int before = m_visibleBars;
    const double factor = std::pow(0.8, steps);
    m_visibleBars = std::clamp(static_cast<int>(std::lround(m_visibleBars * factor)),
                               kMinVisibleBars, kMaxVisibleBars);
    if (m_visibleBars == before) {
        return;
    }
    // keep the newest visible bar where it is
    const int lastShown = m_scroll->value() + before;
    updateScrollRange();
    if (!m_follow) {
        m_updatingScroll = true;
        m_scroll->setValue(std::clamp(lastShown - m_visibleBars, 0, m_scroll->maximum()));
        m_updatingScroll = false;
    }
    updateWindow();
}

bool CandlestickChartView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_view->viewport() && event->type() == QEvent::Wheel) {
        const auto* wheel = static_cast<QWheelEvent*>(event);
        const QPoint delta = wheel->angleDelta();
        const int steps =
            (std::abs(delta.y()) >= std::abs(delta.x()) ? delta.y() : -delta.x()) / 120;
        if (steps == 0) {
            return true;
        }
        if (wheel->modifiers() & Qt::ControlModifier) {
            zoom(steps);
        } else {
            m_scroll->setValue(m_scroll->value() - steps * m_scroll->singleStep());
        }
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

std::pair<double, double> CandlestickChartView::applyPriceRange(double low, double high) {
    // Ticks at round prices a trader reads at a glance: a step of 1, 2, 2.5
    // or 5 times a power of ten, about six of them over the visible range.
    constexpr int kTicks = 6;
    const double raw = (high - low) / kTicks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double normal = raw / magnitude;
    const double step = magnitude * (normal <= 1.0   ? 1.0
                                     : normal <= 2.0 ? 2.0
                                     : normal <= 2.5 ? 2.5
                                     : normal <= 5.0 ? 5.0
                                                     : 10.0);
    const double first = std::floor(low / step) * step;
    const double last = std::ceil(high / step) * step;
    const int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
    m_priceAxis->setLabelFormat(QStringLiteral("%.") + QString::number(decimals) +
                                QLatin1Char('f'));
    m_priceAxis->setTickCount(static_cast<int>(std::lround((last - first) / step)) + 1);
    m_priceAxis->setRange(first, last);
    return {first, last};
}

std::size_t CandlestickChartView::barIndexAt(engine::Timestamp ts) const {
    // the last bar at or before ts: a fill settled at a bar's close still
    // belongs to that bar
    const auto it =
        std::upper_bound(m_bars.begin(), m_bars.end(), ts,
                         [](engine::Timestamp t, const Bar& bar) { return t < bar.ts; });
    return it == m_bars.begin() ? 0 : static_cast<std::size_t>(it - m_bars.begin()) - 1;
}

void CandlestickChartView::updateWindow() {
    const std::size_t total = m_bars.size();
    if (total == 0) {
        return;
    }
    const std::size_t count = std::min<std::size_t>(static_cast<std::size_t>(m_visibleBars), total);
    const std::size_t first =
        m_follow
            ? total - count
            : std::min(static_cast<std::size_t>(std::max(0, m_scroll->value())), total - count);
    const std::size_t last = first + count - 1;

    if (first != m_shownFirst || count != m_shownCount || m_candles->count() == 0) {
        m_candles->clear();
        QList<QCandlestickSet*> sets;
        sets.reserve(static_cast<qsizetype>(count));
        for (std::size_t i = first; i <= last; ++i) {
            const Bar& bar = m_bars[i];
            sets.append(new QCandlestickSet(bar.open, bar.high, bar.low, bar.close, axisX(bar.ts)));
        }
        m_candles->append(sets);
        m_shownFirst = first;
        m_shownCount = count;
    }

    double low = m_bars[first].low;
    double high = m_bars[first].high;
    QList<QPointF> fast;
    QList<QPointF> slow;
    for (std::size_t i = first; i <= last; ++i) {
        const Bar& bar = m_bars[i];
        low = std::min(low, bar.low);
        high = std::max(high, bar.high);
        const qreal x = axisX(bar.ts);
        if (bar.fast) {
            fast.append(QPointF(x, *bar.fast));
        }
        if (bar.slow) {
            slow.append(QPointF(x, *bar.slow));
        }
    }
    m_fastLine->replace(fast);
    m_slowLine->replace(slow);

    const double range = high > low ? high - low : std::max(std::abs(high) * 0.01, 1.0);
    const double markerGap = range * 0.035;
    const auto [yMin, yMax] = applyPriceRange(low - markerGap * 2.0, high + markerGap * 2.0);

    QList<QPointF> buys;
    QList<QPointF> sells;
    m_markerText.clear();
    const auto from = std::lower_bound(
        m_markers.begin(), m_markers.end(), m_bars[first].ts,
        [](const ChartMarker& marker, engine::Timestamp ts) { return marker.ts < ts; });
    for (auto it = from; it != m_markers.end(); ++it) {
        const std::size_t index = barIndexAt(it->ts);
        if (index > last) {
            break;
        }
        const Bar& bar = m_bars[index];
        const qreal x = axisX(bar.ts);
        if (it->buy) {
            buys.append(QPointF(x, bar.low - markerGap));
        } else {
            sells.append(QPointF(x, bar.high + markerGap));
        }
        QString& text = m_markerText[static_cast<qint64>(x)];
        text = text.isEmpty() ? it->text : text + QLatin1Char('\n') + it->text;
    }
    m_buys->replace(buys);
    m_sells->replace(sells);

    const qreal x0 = axisX(m_bars[first].ts);
    const qreal x1 = axisX(m_bars[last].ts);
    const qreal spacing = count > 1 ? (x1 - x0) / static_cast<qreal>(count - 1) : 86'400'000.0;
    const engine::Timestamp barSpacing =
        count > 1 ? (m_bars[last].ts - m_bars[first].ts) / static_cast<engine::Timestamp>(count - 1)
                  : engine::kNanosPerDay;
    m_timeAxis->setFormat(barSpacing >= engine::kNanosPerDay / 2 ? QStringLiteral("yyyy-MM-dd")
                                                                 : QStringLiteral("MM-dd HH:mm"));
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(x0 - spacing * 0.8)),
                         QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(x1 + spacing * 0.8)));

    QList<QPointF> upper;
    QList<QPointF> lower;
    if (m_highlight && m_highlight->second >= m_bars[first].ts &&
        m_highlight->first <= m_bars[last].ts) {
        const qreal hx0 = axisX(std::max(m_highlight->first, m_bars[first].ts)) - spacing * 0.5;
        const qreal hx1 = axisX(std::min(m_highlight->second, m_bars[last].ts)) + spacing * 0.5;
        upper = {QPointF(hx0, yMax), QPointF(hx1, yMax)};
        lower = {QPointF(hx0, yMin), QPointF(hx1, yMin)};
    }
    m_highlightUpper->replace(upper);
    m_highlightLower->replace(lower);
}

void CandlestickChartView::showCandleToolTip(bool hovered, const Bar& bar) {
    if (!hovered) {
        QToolTip::hideText();
        return;
    }
    QString text = tr("%1\nOpen %2  High %3\nLow %4  Close %5")
                       .arg(DisplayFormat::time(bar.ts), DisplayFormat::number(bar.open, 2),
                            DisplayFormat::number(bar.high, 2), DisplayFormat::number(bar.low, 2),
                            DisplayFormat::number(bar.close, 2));
    if (bar.fast && bar.slow) {
        text += tr("\nEMA %1: %2  EMA %3: %4")
                    .arg(m_fastPeriod)
                    .arg(DisplayFormat::number(*bar.fast, 2))
                    .arg(m_slowPeriod)
                    .arg(DisplayFormat::number(*bar.slow, 2));
    }
    QToolTip::showText(QCursor::pos(), text, m_view);
}

void CandlestickChartView::showMarkerToolTip(qreal x, bool hovered) {
    if (!hovered) {
        QToolTip::hideText();
        return;
    }
    const QString text = m_markerText.value(static_cast<qint64>(x));
    if (!text.isEmpty()) {
        QToolTip::showText(QCursor::pos(), text, m_view);
    }
}

}  // namespace causeway::ui
