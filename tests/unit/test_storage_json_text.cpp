#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <limits>

#include "engine/storage/json_text.h"

using namespace causeway::engine;

// The storage writer's JSON: whatever goes in must read back the same
// through Qt's parser (and so through SQLite's json functions).
class TestStorageJsonText final : public QObject {
    Q_OBJECT

private:
    static QJsonObject parse(const std::string& text) {
        QJsonParseError error;
        const QJsonDocument document =
            QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
        if (error.error != QJsonParseError::NoError) {
            qWarning("%s in: %s", qPrintable(error.errorString()), text.c_str());
        }
        return document.object();
    }

private Q_SLOTS:
    void writesCompactJson() {
        const QJsonObject object{
            {QStringLiteral("b"), true},
            {QStringLiteral("n"), QJsonValue()},
            {QStringLiteral("i"), 42},
            {QStringLiteral("x"), -0.125},
            {QStringLiteral("s"), QStringLiteral("ema_cross_up")},
            {QStringLiteral("a"), QJsonArray{1, QStringLiteral("two"), QJsonArray{}}},
            {QStringLiteral("o"), QJsonObject{}},
        };
        // keys in Qt's (sorted) order, integral numbers without a fraction
        QCOMPARE(toCompactJson(object),
                 std::string(R"({"a":[1,"two",[]],"b":true,"i":42,"n":null,"o":{},)"
                             R"("s":"ema_cross_up","x":-0.125})"));
        QCOMPARE(toCompactJson({}), std::string("{}"));
    }

    void escapesStrings() {
        const QString tricky = QStringLiteral(
                                   "quote \" backslash \\ slash / tab \t newline \n "
                                   "bell \a nul ") +
                               QChar(0) + QStringLiteral(" é € 𝄞 ") + QChar(0xD800) +
                               QStringLiteral(" end");
        const QJsonObject object{{tricky, tricky}};
        const std::string text = toCompactJson(object);
        QVERIFY(text.find("\\\"") != std::string::npos);
        QVERIFY(text.find("\\u0007") != std::string::npos);
        QVERIFY(text.find("\\u0000") != std::string::npos);
        QVERIFY(text.find("\xF0\x9D\x84\x9E") != std::string::npos);  // U+1D11E as UTF-8
        QVERIFY(text.find("\\ud800") != std::string::npos);           // a lone surrogate
        const QJsonObject back = parse(text);
        QCOMPARE(back.begin().key().size(), tricky.size());
        QCOMPARE(back.begin().value().toString(), tricky);
    }

    void numbersRoundTrip() {
        const double values[] = {0.0,
                                 1.0,
                                 -3.0,
                                 0.1,
                                 100.125,
                                 1e21,
                                 1.5e-7,
                                 123456789012345.0,
                                 2.0 / 3.0,
                                 -758.4615384615385,
                                 std::numeric_limits<double>::max(),
                                 std::numeric_limits<double>::min()};
        QJsonArray array;
        for (const double v : values) {
            array.append(v);
        }
        const QJsonArray back =
            parse(toCompactJson({{QStringLiteral("v"), array}}))[QStringLiteral("v")].toArray();
        QCOMPARE(back.size(), array.size());
        for (qsizetype i = 0; i < array.size(); ++i) {
            QCOMPARE(back[i].toDouble(), array[i].toDouble());
        }
        QCOMPARE(toCompactJson({{QStringLiteral("v"), 0.1}}), std::string(R"({"v":0.1})"));
        QCOMPARE(toCompactJson({{QStringLiteral("v"), std::numeric_limits<double>::infinity()}}),
                 std::string(R"({"v":null})"));
    }

    void nestedContextsRoundTrip() {
        const QJsonObject signal{
            {QStringLiteral("id"), QStringLiteral("SIG_1")},
            {QStringLiteral("evidence"),
             QJsonObject{{QStringLiteral("fast"), 10.5}, {QStringLiteral("slow"), 10.25}}}};
        const QJsonObject context{
            {QStringLiteral("signals"), QJsonArray{signal, signal}},
            {QStringLiteral("risks"), QJsonArray{}},
            {QStringLiteral("regime"),
             QJsonObject{{QStringLiteral("regime"), QStringLiteral("trending")}}}};
        QCOMPARE(parse(toCompactJson(context)), context);
        QCOMPARE(toCompactJson(context),
                 QJsonDocument(context).toJson(QJsonDocument::Compact).toStdString());
    }

    // The chain's text is written directly; it must be what Qt writes for
    // its JSON, escapes included.
    void aChainIsWrittenAsItsJson() {
        CausalityChain chain;
        chain.origin = Origin{OriginType::kSchedule, "SCH_\"odd\"\\\n\x01_é", 86'400'000'000'123};
        chain.signalIds = {"SIG_1", "SIG_2"};
        chain.directiveId = "DIR_1";
        chain.planIds = {"PLN_e", "PLN_s", "PLN_x"};
        chain.orderIds = {"ORD_1"};
        QCOMPARE(compactChainJson(chain),
                 QJsonDocument(chain.toJson()).toJson(QJsonDocument::Compact).toStdString());
        QCOMPARE(
            compactChainJson(CausalityChain{}),
            QJsonDocument(CausalityChain{}.toJson()).toJson(QJsonDocument::Compact).toStdString());
    }
};

QTEST_APPLESS_MAIN(TestStorageJsonText)
#include "test_storage_json_text.moc"
