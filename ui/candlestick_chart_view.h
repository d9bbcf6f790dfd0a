#pragma once

#include <QHash>
#include <QString>
#include <QWidget>

#include <optional>
#include <utility>
#include <vector>

#include "engine/core/timestamp.h"
#include "engine/indicators/ema.h"
#include "engine/storage/run_reader.h"

QT_BEGIN_NAMESPACE
class QAreaSeries;
class QCandlestickSeries;
class QChart;
class QChartView;
class QDateTimeAxis;
class QLineSeries;
class QScatterSeries;
class QScrollBar;
class QValueAxis;
QT_END_NAMESPACE

namespace causeway::ui {

// A buy or sell to mark on the chart at the bar it happened in.
struct ChartMarker {
    engine::Timestamp ts = 0;
    bool buy = true;
    QString text;  // tooltip
};

// Price chart of one run: candles, the strategy's EMA pair computed by the
// engine's own Ema, and markers at fills. Every Qt Charts type stays inside
// this class (Qt Charts is in maintenance mode upstream; the rendering may
// change without touching the views around it).
//
// All bars are kept here, but the chart only ever holds the visible window
// (~150 candles), so a repaint costs the same at bar 100 and at bar 100,000.
class CandlestickChartView final : public QWidget {
    Q_OBJECT

public:
    static constexpr int kDefaultVisibleBars = 150;
    static constexpr int kMinVisibleBars = 20;
    static constexpr int kMaxVisibleBars = 600;

    explicit CandlestickChartView(QWidget* parent = nullptr);
    ~CandlestickChartView() override;

    void clear();
    void setTitle(const QString& title);
    // Recomputes the overlays over the bars already shown.
    void setEmaPeriods(int fast, int slow);
    void setEmaVisible(bool visible);
    // Bars newer than the last one shown; older or equal ones are ignored.
    void appendBars(const std::vector<engine::BarRow>& bars);
    void setMarkers(std::vector<ChartMarker> markers);
    // Shades a span (a trade from entry to exit) and scrolls it into view.
    void highlight(engine::Timestamp from, engine::Timestamp to);
    void clearHighlight();

    // Whether the window moves along as new bars arrive.
    bool followsLatest() const { return m_follow; }
    void setFollowLatest(bool follow);

    // Positive steps show fewer, wider candles; the newest visible bar stays put.
    void zoom(int steps);

    int barCount() const { return static_cast<int>(m_bars.size()); }
    // Candles currently in the chart (the visible window).
    int candleCount() const;
    int visibleBars() const { return m_visibleBars; }

Q_SIGNALS:
    void followLatestChanged(bool follow);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Bar {
        engine::Timestamp ts = 0;
        double open = 0.0;
        double high = 0.0;
        double low = 0.0;
        double close = 0.0;
        std::optional<double> fast;
        std::optional<double> slow;
    };

    void createChart();
    void updateScrollRange();
    void updateWindow();
    void onScrolled(int value);
    void showCandleToolTip(bool hovered, const Bar& bar);
    void showMarkerToolTip(qreal x, bool hovered);
    // Sets the price axis to round ticks covering [low, high]; returns the range.
    std::pair<double, double> applyPriceRange(double low, double high);
    std::size_t barIndexAt(engine::Timestamp ts) const;
    static qreal axisX(engine::Timestamp ts);

    QChartView* m_view = nullptr;
    QChart* m_chart = nullptr;
    QCandlestickSeries* m_candles = nullptr;
    QLineSeries* m_fastLine = nullptr;
    QLineSeries* m_slowLine = nullptr;
    QScatterSeries* m_buys = nullptr;
    QScatterSeries* m_sells = nullptr;
    QLineSeries* m_highlightUpper = nullptr;
    QLineSeries* m_highlightLower = nullptr;
    QAreaSeries* m_highlightArea = nullptr;
    QDateTimeAxis* m_timeAxis = nullptr;
    QValueAxis* m_priceAxis = nullptr;
    QScrollBar* m_scroll = nullptr;

    std::vector<Bar> m_bars;
    std::vector<ChartMarker> m_markers;
    QHash<qint64, QString> m_markerText;  // by axis x, for tooltips
    int m_fastPeriod = 10;
    int m_slowPeriod = 30;
    engine::Ema m_fastEma{10};
    engine::Ema m_slowEma{30};
    int m_visibleBars = kDefaultVisibleBars;
    bool m_follow = true;
    bool m_updatingScroll = false;
    std::optional<std::pair<engine::Timestamp, engine::Timestamp>> m_highlight;
    // The window the chart holds now, to skip rebuilding an unchanged one.
    std::size_t m_shownFirst = 0;
    std::size_t m_shownCount = 0;
};

}  // namespace causeway::ui
