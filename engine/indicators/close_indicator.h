#pragma once

#include <string>
#include <utility>

#include "engine/indicators/indicator.h"

namespace causeway::engine {

// A single-output indicator of the close, made from any streaming block with
// `std::optional<double> update(double)` and `int lookback()` (Sma, Ema,
// Wma, Dema, Tema, Rsi, Momentum, RateOfChange).
template <class Block>
class CloseIndicator final : public Indicator {
public:
    explicit CloseIndicator(int period) : CloseIndicator(Block(period)) {}

private:
    void step(const BarInput& bar) override { publish(0, m_block.update(bar.close)); }

    explicit CloseIndicator(Block block)
        : Indicator({{std::string(), block.lookback()}}), m_block(std::move(block)) {}

    Block m_block;
};

}  // namespace causeway::engine
