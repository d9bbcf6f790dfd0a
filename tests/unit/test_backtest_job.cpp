#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "engine/lab/backtest_job.h"
#include "engine/storage/run_reader.h"

using namespace causeway::engine;

// The GUI's backtest: the same run as the runner's, its database finished
// and hashed, progress and the outcome queued to the caller's thread.
class TestBacktestJob final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static std::string msft() { return CAUSEWAY_RESOURCE_DATA_DIR "/msft_daily.csv"; }

    BacktestRequest request(const std::string& name) const {
        BacktestRequest r;
        r.settings.strategy = "ema_cross";
        r.settings.params = {{"fast", "5"}, {"slow", "20"}};
        r.data = {msft()};
        r.dbPath = m_dir.filePath(QString::fromStdString(name)).toStdString();
        return r;
    }

private Q_SLOTS:
    void runsTheSameBacktestOffTheCallersThread() {
        BacktestJob job(request("job.sqlite"));
        QSignalSpy finished(&job, &BacktestJob::finished);
        QSignalSpy failed(&job, &BacktestJob::failed);
        job.start();
        QVERIFY(job.isRunning());
        QVERIFY(finished.wait(60'000));
        QCOMPARE(failed.count(), 0);
        QVERIFY(!job.isRunning());

        const BacktestRequest& r = job.request();
        const BacktestResult direct =
            runBacktest(r.settings, loadBacktestData(r.data, {}, {}), BacktestOptions{});
        const BacktestSummary& s = job.result().summary;
        QVERIFY(s.trades > 0);
        QCOMPARE(s.trades, direct.summary.trades);
        QCOMPARE(s.netPnl, direct.summary.netPnl);
        QCOMPARE(s.sharpe, direct.summary.sharpe);
        QCOMPARE(s.ledgerHash, RunReader(r.dbPath).ledgerHash());
        QCOMPARE(s.ledgerHash.size(), std::size_t{64});
        QVERIFY(!s.cancelled);
    }

    void badSettingsThrowAtStartBadDataFailsVisibly() {
        BacktestRequest unknown = request("unknown.sqlite");
        unknown.settings.strategy = "no_such_strategy";
        BacktestJob refused(unknown);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, refused.start());
        QVERIFY(!refused.isRunning());

        BacktestRequest missing = request("missing.sqlite");
        missing.data = {m_dir.filePath(QStringLiteral("nope.csv")).toStdString()};
        BacktestJob job(missing);
        QSignalSpy failed(&job, &BacktestJob::failed);
        job.start();
        QVERIFY(failed.wait(60'000));
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("nope.csv")),
                 qPrintable(failed.first().first().toString()));
    }

    void aCancelledRunStillFinishesItsLedger() {
        BacktestRequest r = request("cancelled.sqlite");
        r.data = {CAUSEWAY_RESOURCE_DATA_DIR "/sp500_daily.csv"};  // 5105 bars
        BacktestJob job(r);
        QSignalSpy finished(&job, &BacktestJob::finished);
        QSignalSpy progress(&job, &BacktestJob::progress);
        // Cancelled from the worker at its first progress report (bar 4096):
        // the run ends there, flat, with its ledger complete.
        connect(
            &job, &BacktestJob::progress, &job,
            [&job](qint64 done, qint64 total) {
                if (done < total) {
                    job.cancel();
                }
            },
            Qt::DirectConnection);
        job.start();
        QVERIFY(finished.wait(60'000));
        const BacktestSummary& s = job.result().summary;
        QVERIFY(s.cancelled);
        QCOMPARE(s.bars, std::int64_t{4096});
        QCOMPARE(progress.first().at(1).toLongLong(), qint64{5105});
        QCOMPARE(s.ledgerHash, RunReader(r.dbPath).ledgerHash());
        QCOMPARE(RunReader(r.dbPath).trades(true).size(), static_cast<std::size_t>(s.trades));
    }
};

QTEST_GUILESS_MAIN(TestBacktestJob)
#include "test_backtest_job.moc"
