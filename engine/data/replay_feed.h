#pragma once

#include <atomic>
#include <concepts>
#include <cstdint>
#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "engine/core/market_data.h"
#include "engine/data/replay_pacer.h"

namespace causeway::engine {

// Anything that yields events one at a time: BarCsvReader, TickCsvReader,
// SyntheticFeed.
template <class Reader, class Event>
concept EventReader = requires(Reader& reader, Event& event) {
    { reader.next(event) } -> std::convertible_to<bool>;
};

// Replays recorded events (Tick or Candle) into a sink, at full speed or
// paced at real time x speed (ReplayPacer). Several streams (one per
// symbol, say) are merged by timestamp; on equal timestamps the stream added
// first goes first, and within a stream the order is the source's, so a
// replay is deterministic. The feed passes events on as they are: ordering
// defects within a stream are the DataValidator's business.
template <class Event>
class ReplayFeed final {
public:
    using Source = std::function<bool(Event&)>;

    ReplayFeed() = default;
    // One stream from memory; the events must outlive the feed.
    explicit ReplayFeed(std::span<const Event> events) { add(events); }
    // One stream from a reader; the reader must outlive the feed.
    template <EventReader<Event> Reader>
    explicit ReplayFeed(Reader& reader) {
        add(reader);
    }
    ReplayFeed(const ReplayFeed&) = delete;
    ReplayFeed& operator=(const ReplayFeed&) = delete;

    void add(std::span<const Event> events) {
        add(Source([events, i = std::size_t{0}](Event& event) mutable {
            if (i == events.size()) {
                return false;
            }
            event = events[i++];
            return true;
        }));
    }
    template <EventReader<Event> Reader>
    void add(Reader& reader) {
        add(Source([&reader](Event& event) { return static_cast<bool>(reader.next(event)); }));
    }
    void add(Source source) { m_streams.push_back({std::move(source), Event{}, false, false}); }

    // Real time x speed against `clock` (which must outlive the feed), e.g.
    // speed 60 replays an hour of data in a minute.
    void setSpeed(double speed, PacingClock& clock) { m_pacer = ReplayPacer(speed, clock); }
    void setFullSpeed() { m_pacer = ReplayPacer(); }

    // From any thread: run() returns after the event in hand, or from a
    // wait. A stopped feed stays stopped.
    void stop() { m_stop.store(true, std::memory_order_relaxed); }
    bool stopped() const { return m_stop.load(std::memory_order_relaxed); }
    std::int64_t delivered() const { return m_delivered; }

    // Delivers every event, in order, to sink(const Event&) until the
    // streams end or stop() is called; returns the number delivered so far.
    template <class Sink>
    std::int64_t run(Sink&& sink) {
        for (Stream& stream : m_streams) {
            if (!stream.primed) {
                stream.primed = true;
                stream.live = stream.next(stream.head);
            }
        }
        while (!stopped()) {
            Stream* earliest = nullptr;
            for (Stream& stream : m_streams) {
                if (stream.live && (earliest == nullptr || stream.head.ts < earliest->head.ts)) {
                    earliest = &stream;
                }
            }
            if (earliest == nullptr || !m_pacer.wait(earliest->head.ts, m_stop)) {
                break;
            }
            sink(std::as_const(earliest->head));
            ++m_delivered;
            earliest->live = earliest->next(earliest->head);
        }
        return m_delivered;
    }

private:
    struct Stream {
        Source next;
        Event head;
        bool live;
        bool primed;
    };

    std::vector<Stream> m_streams;
    ReplayPacer m_pacer;
    std::atomic_bool m_stop{false};
    std::int64_t m_delivered = 0;
};

}  // namespace causeway::engine
