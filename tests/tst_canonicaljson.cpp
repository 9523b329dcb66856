// RFC 8785 canonical JSON: the RFC's own examples and number table, plus the strict parser's rejections;
// and text made safe for a terminal (common/TerminalText), JSON's included.
// JSON is spelled with ordinary escaped literals: moc 6.4 mis-lexes raw strings holding an odd number of
// quotes and then silently generates no meta-object for the test class.
#include "common/TerminalText.h"
#include "json/CanonicalJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <bit>
#include <limits>

using namespace veil;

namespace {

// The canonical bytes, or "error:<code>": one value to QCOMPARE, and failures show the error code.
QByteArray outcome(const Result<QByteArray> &result)
{
    return result.ok() ? result.value() : "error:" + result.error().code.toUtf8();
}

QByteArray failure(const char *code)
{
    return QByteArray("error:") + code;
}

} // namespace

class TestCanonicalJson : public QObject
{
    Q_OBJECT

private slots:
    // RFC 8785 section 3.2.2 sample input and its canonical form as given in the RFC.
    void rfcSampleObject()
    {
        const QByteArray input =
            "{\n"
            "  \"numbers\": [333333333.33333329, 1E30, 4.50,\n"
            "              2e-3, 0.000000000000000000000000001],\n"
            "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
            "  \"literals\": [null, true, false]\n"
            "}";
        const QByteArray expected = QByteArray("{\"literals\":[null,true,false],"
                                               "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                                               "\"string\":\"") +
                                    "\xe2\x82\xac" + "$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
        QCOMPARE(outcome(json::canonicalizeText(input)), expected);
        // The QJsonObject path must agree with the text path.
        QCOMPARE(outcome(json::canonicalize(QJsonDocument::fromJson(input).object())), expected);
    }

    // RFC 8785 section 3.2.3: keys sort by UTF-16 code units (the emoji's 0xD83D sorts before 0xFB33).
    void rfcSortingExample()
    {
        const QByteArray input = "{\n"
                                 "  \"\\u20ac\": \"Euro Sign\",\n"
                                 "  \"\\r\": \"Carriage Return\",\n"
                                 "  \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\",\n"
                                 "  \"1\": \"One\",\n"
                                 "  \"\\ud83d\\ude00\": \"Emoji: Grinning Face\",\n"
                                 "  \"\\u0080\": \"Control\",\n"
                                 "  \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"\n"
                                 "}";
        const QByteArray expected = "{\"\\r\":\"Carriage Return\","
                                    "\"1\":\"One\","
                                    "\"\xc2\x80\":\"Control\","
                                    "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\","
                                    "\"\xe2\x82\xac\":\"Euro Sign\","
                                    "\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\","
                                    "\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}";
        QCOMPARE(outcome(json::canonicalizeText(input)), expected);
        QCOMPARE(outcome(json::canonicalize(QJsonDocument::fromJson(input).object())), expected);
    }

    // RFC 8785 Appendix B.
    void appendixBNumbers_data()
    {
        QTest::addColumn<quint64>("bits");
        QTest::addColumn<QByteArray>("expected");
        const struct
        {
            quint64 bits;
            const char *expected;
        } rows[] = {
            {0x0000000000000000, "0"},
            {0x8000000000000000, "0"},
            {0x0000000000000001, "5e-324"},
            {0x8000000000000001, "-5e-324"},
            {0x7fefffffffffffff, "1.7976931348623157e+308"},
            {0xffefffffffffffff, "-1.7976931348623157e+308"},
            {0x4340000000000000, "9007199254740992"},
            {0xc340000000000000, "-9007199254740992"},
            {0x4430000000000000, "295147905179352830000"},
            {0x7fffffffffffffff, "error:json_number"},
            {0x7ff0000000000000, "error:json_number"},
            {0x44b52d02c7e14af5, "9.999999999999997e+22"},
            {0x44b52d02c7e14af6, "1e+23"},
            {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
            {0x444b1ae4d6e2ef4e, "999999999999999700000"},
            {0x444b1ae4d6e2ef4f, "999999999999999900000"},
            {0x444b1ae4d6e2ef50, "1e+21"},
            {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
            {0x3eb0c6f7a0b5ed8d, "0.000001"},
            {0x41b3de4355555553, "333333333.3333332"},
            {0x41b3de4355555554, "333333333.33333325"},
            {0x41b3de4355555555, "333333333.3333333"},
            {0x41b3de4355555556, "333333333.3333334"},
            {0x41b3de4355555557, "333333333.33333343"},
            {0xbecbf647612f3696, "-0.0000033333333333333333"},
            {0x43143ff3c1cb0959, "1424953923781206.2"},
            // Not in the table, but the other non-finite values.
            {0xfff0000000000000, "error:json_number"},
            {0x7ff8000000000000, "error:json_number"},
        };
        for (const auto &row : rows)
            QTest::addRow("%016llx", static_cast<unsigned long long>(row.bits))
                << row.bits << QByteArray(row.expected);
    }

    void appendixBNumbers()
    {
        QFETCH(quint64, bits);
        QFETCH(QByteArray, expected);
        const double value = std::bit_cast<double>(bits);
        QCOMPARE(outcome(json::formatNumber(value)), expected);
        QCOMPARE(outcome(json::canonicalize(QJsonValue(value))), expected);
    }

    void numberFormatting_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("1e20") << 1e20 << QByteArray("100000000000000000000");
        QTest::newRow("1e21") << 1e21 << QByteArray("1e+21");
        QTest::newRow("1e-7") << 1e-7 << QByteArray("1e-7");
        QTest::newRow("-1e-7") << -1e-7 << QByteArray("-1e-7");
        QTest::newRow("0.000001") << 0.000001 << QByteArray("0.000001");
        QTest::newRow("1.5e-6") << 1.5e-6 << QByteArray("0.0000015");
        QTest::newRow("-0") << -0.0 << QByteArray("0");
        QTest::newRow("4.5") << 4.5 << QByteArray("4.5");
        QTest::newRow("-1.5") << -1.5 << QByteArray("-1.5");
        QTest::newRow("0.1+0.2") << 0.1 + 0.2 << QByteArray("0.30000000000000004");
        QTest::newRow("123e-20") << 123e-20 << QByteArray("1.23e-18");
        QTest::newRow("1.5e300") << 1.5e300 << QByteArray("1.5e+300");
        QTest::newRow("100") << 100.0 << QByteArray("100");
        QTest::newRow("2^53+2") << 9007199254740994.0 << QByteArray("9007199254740994");
        QTest::newRow("1e30") << 1e30 << QByteArray("1e+30");
    }

    void numberFormatting()
    {
        QFETCH(double, value);
        QFETCH(QByteArray, expected);
        QCOMPARE(outcome(json::formatNumber(value)), expected);
    }

    void numbersInText_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("exponent") << QByteArray("1E30") << QByteArray("1e+30");
        QTest::newRow("minus zero") << QByteArray("-0") << QByteArray("0");
        QTest::newRow("minus zero fraction") << QByteArray("[-0.0e-5]") << QByteArray("[0]");
        QTest::newRow("trailing zeros") << QByteArray("1.0") << QByteArray("1");
        QTest::newRow("scaled") << QByteArray("100e-2") << QByteArray("1");
        QTest::newRow("plus exponent") << QByteArray("1e+2") << QByteArray("100");
        QTest::newRow("2^53+1") << QByteArray("9007199254740993") << QByteArray("9007199254740992");
        QTest::newRow("long mantissa")
            << QByteArray("0.30000000000000004441") << QByteArray("0.30000000000000004");
        QTest::newRow("min subnormal") << QByteArray("2.4703282292062328e-324") << QByteArray("5e-324");
        QTest::newRow("underflow") << QByteArray("2.4703282292062327e-324") << QByteArray("0");
        QTest::newRow("far underflow") << QByteArray("-1e-400") << QByteArray("0");
        QTest::newRow("max rounds down")
            << QByteArray("1.7976931348623158e308") << QByteArray("1.7976931348623157e+308");
        QTest::newRow("overflow") << QByteArray("1.7976931348623159e308") << failure("json_number");
        QTest::newRow("far overflow") << QByteArray("[-1e400]") << failure("json_number");
        QTest::newRow("huge exponent") << QByteArray("1e99999999999999999999") << failure("json_number");
        QTest::newRow("tiny exponent") << QByteArray("1e-99999999999999999999") << QByteArray("0");
    }

    void numbersInText()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        QCOMPARE(outcome(json::canonicalizeText(input)), expected);
    }

    void qtIntegersAreDoubles()
    {
        // QJsonValue keeps qint64 exactly; I-JSON says every number is a double.
        const QJsonObject object{{QStringLiteral("big"), qint64(9007199254740993)},
                                 {QStringLiteral("n"), 42},
                                 {QStringLiteral("huge"), qint64(1) << 62}};
        QCOMPARE(outcome(json::canonicalize(object)),
                 QByteArray("{\"big\":9007199254740992,\"huge\":4611686018427388000,\"n\":42}"));
    }

    void nonFiniteNestedIsRejected()
    {
        QJsonObject object{{QStringLiteral("a"), QJsonArray{1, std::numeric_limits<double>::infinity()}}};
        QCOMPARE(outcome(json::canonicalize(object)), failure("json_number"));
        QCOMPARE(outcome(json::canonicalize(QJsonValue(QJsonValue::Undefined))), failure("json_value"));
    }

    void stringEscapes()
    {
        QString all;
        for (char16_t c = 0; c < 0x20; ++c)
            all.append(QChar(c));
        all.append(QChar(0x7F)); // DEL is not a C0 control: literal
        all.append(QStringLiteral("\"\\/"));
        const QByteArray expected =
            "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
            "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018"
            "\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f"
            "\x7f"
            "\\\"\\\\/\"";
        QCOMPARE(outcome(json::canonicalize(QJsonValue(all))), expected);
        QCOMPARE(outcome(json::canonicalizeText("\"\\u001F\\u007f\\/\\b\"")),
                 QByteArray("\"\\u001f\x7f/\\b\""));
    }

    void unicodeIsLiteralUtf8()
    {
        // Non-BMP (surrogate pair), U+2028 and plain non-ASCII are all emitted as raw UTF-8.
        const QByteArray expected = "\"\xf0\x9f\x98\x80\xe2\x80\xa8\xc3\xa9\xe4\xb8\xad\"";
        QCOMPARE(outcome(json::canonicalizeText("\"\\uD83D\\ude00\\u2028\\u00e9\\u4e2d\"")), expected);
        QCOMPARE(outcome(json::canonicalizeText(expected)), expected);
        const QString decoded = QString::fromUtf8(expected.mid(1, expected.size() - 2));
        QCOMPARE(decoded.size(), 2 + 1 + 1 + 1);
        QCOMPARE(outcome(json::canonicalize(QJsonValue(decoded))), expected);
    }

    void utf8BoundariesAccepted()
    {
        // Smallest and largest code point of every UTF-8 sequence length, passed through unchanged.
        const QByteArray text = "\"\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf"
                                "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"";
        QCOMPARE(outcome(json::canonicalizeText(text)), text);
        QCOMPARE(QString::fromUtf8(text).size(), 2 + 6 + 4);
    }

    void loneSurrogatesRejected_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("high") << QByteArray("\"\\ud800\"");
        QTest::newRow("low") << QByteArray("\"\\udc00\"");
        QTest::newRow("high then char") << QByteArray("\"\\ud800x\"");
        QTest::newRow("high then bmp escape") << QByteArray("\"\\ud800\\u0041\"");
        QTest::newRow("two highs") << QByteArray("\"\\ud83d\\ud83d\"");
        QTest::newRow("reversed pair") << QByteArray("\"\\ude00\\ud83d\"");
        QTest::newRow("in key") << QByteArray("{\"\\ud800\":1}");
        QTest::newRow("utf8 encoded surrogate") << QByteArray("\"\xed\xa0\x80\"");
    }

    void loneSurrogatesRejected()
    {
        QFETCH(QByteArray, input);
        QCOMPARE(outcome(json::canonicalizeText(input)), failure("json_parse"));
    }

    void loneSurrogateInQStringRejected()
    {
        const QString lone = QStringLiteral("a") + QChar(0xD800);
        QCOMPARE(outcome(json::canonicalize(QJsonValue(lone))), failure("json_string"));
        QCOMPARE(outcome(json::canonicalize(QJsonObject{{lone, 1}})), failure("json_string"));
    }

    void nestedAndEmpty_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("empty object") << QByteArray(" { } ") << QByteArray("{}");
        QTest::newRow("empty array") << QByteArray("[\n]") << QByteArray("[]");
        QTest::newRow("empty key") << QByteArray("{\"b\":1,\"\":0}") << QByteArray("{\"\":0,\"b\":1}");
        QTest::newRow("scalars") << QByteArray(" \t\r\n\"x\" ") << QByteArray("\"x\"");
        QTest::newRow("nested")
            << QByteArray(
                   "{\"b\":[{\"z\":1,\"a\":[]},{}],\"a\":{\"y\":{},\"x\":[[],[{\"d\":null,\"c\":true}]]}}")
            << QByteArray(
                   "{\"a\":{\"x\":[[],[{\"c\":true,\"d\":null}]],\"y\":{}},\"b\":[{\"a\":[],\"z\":1},{}]}");
        QTest::newRow("array order kept")
            << QByteArray("[3, 1, 2, [\"b\", \"a\"]]") << QByteArray("[3,1,2,[\"b\",\"a\"]]");
        QTest::newRow("case and prefix")
            << QByteArray("{\"a \":3,\"a\":1,\"A\":2}") << QByteArray("{\"A\":2,\"a\":1,\"a \":3}");
    }

    void nestedAndEmpty()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        QCOMPARE(outcome(json::canonicalizeText(input)), expected);
        // Idempotence, and agreement with the QJsonValue path.
        QCOMPARE(outcome(json::canonicalizeText(expected)), expected);
        QJsonParseError error;
        const auto doc = QJsonDocument::fromJson("[" + expected + "]", &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(outcome(json::canonicalize(doc.array().at(0))), expected);
    }

    void emptyQtContainers()
    {
        QCOMPARE(outcome(json::canonicalize(QJsonObject())), QByteArray("{}"));
        QCOMPARE(outcome(json::canonicalize(QJsonValue(QJsonArray()))), QByteArray("[]"));
        QCOMPARE(outcome(json::canonicalize(QJsonValue())), QByteArray("null"));
    }

    void duplicateKeysRejected_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("top level") << QByteArray("{\"a\":1,\"a\":2}");
        QTest::newRow("same value") << QByteArray("{\"a\":1,\"b\":0,\"a\":1}");
        QTest::newRow("nested") << QByteArray("{\"x\":{\"b\":1,\"a\":2,\"b\":3}}");
        QTest::newRow("inside array") << QByteArray("[{\"k\":1},{\"k\":1,\"k\":1}]");
        QTest::newRow("escaped spelling") << QByteArray("{\"a\":1,\"\\u0061\":2}");
        QTest::newRow("pair vs utf8") << QByteArray("{\"\\ud83d\\ude00\":1,\"\xf0\x9f\x98\x80\":2}");
    }

    void duplicateKeysRejected()
    {
        QFETCH(QByteArray, input);
        QCOMPARE(outcome(json::canonicalizeText(input)), failure("json_duplicate_key"));
    }

    void depthLimit()
    {
        const int limit = json::kMaxDepth;
        QCOMPARE(limit, 64);
        const QByteArray arrays = QByteArray(limit, '[') + QByteArray(limit, ']');
        QCOMPARE(outcome(json::canonicalizeText(arrays)), arrays);
        const QByteArray tooDeep = QByteArray(limit + 1, '[') + QByteArray(limit + 1, ']');
        QCOMPARE(outcome(json::canonicalizeText(tooDeep)), failure("json_too_deep"));

        QByteArray objects = "1";
        for (int i = 0; i < limit; ++i)
            objects = "{\"a\":" + objects + "}";
        QCOMPARE(outcome(json::canonicalizeText(objects)), objects);
        QCOMPARE(outcome(json::canonicalizeText("[" + objects + "]")), failure("json_too_deep"));

        // A hostile input must fail fast, not exhaust the stack.
        QCOMPARE(outcome(json::canonicalizeText(QByteArray(1'000'000, '['))), failure("json_too_deep"));
    }

    void sizeLimit()
    {
        QCOMPARE(outcome(json::canonicalizeText("[1, 2, 3]", 8)), failure("json_too_large"));
        QCOMPARE(outcome(json::canonicalizeText("[1, 2, 3]", 9)), QByteArray("[1,2,3]"));
    }

    void invalidJsonRejected_data()
    {
        QTest::addColumn<QByteArray>("input");
        const char *cases[] = {
            "",          " ",
            "{",         "[",
            "]",         "[1,]",
            "[,1]",      "{\"a\":1,}",
            "{\"a\" 1}", "{a:1}",
            "{'a':1}",   "01",
            "1.",        ".5",
            "+1",        "1e",
            "1e+",       "-",
            "--1",       "0x10",
            "tru",       "nul",
            "True",      "NaN",
            "Infinity",  "-Infinity",
            "\"abc",     "\"\\x\"",
            "\"\\u12\"", "\"\\u12G4\"",
            "\"a\tb\"",  "\"a\nb\"",
            "[1 2]",     "{\"a\":1 \"b\":2}",
            "{} x",      "[1]]",
            "1 2",       "nullnull",
            "[]{}",      "/*c*/1",
        };
        for (const char *c : cases)
            QTest::addRow("%s", c) << QByteArray(c);
        QTest::newRow("trailing NUL") << QByteArray("{}\0", 3);
        QTest::newRow("NUL in string") << QByteArray("\"a\0b\"", 5);
        QTest::newRow("BOM") << QByteArray("\xef\xbb\xbf{}");
        QTest::newRow("overlong utf8") << QByteArray("\"\xc0\xaf\"");
        QTest::newRow("overlong NUL") << QByteArray("\"\xc0\x80\"");
        QTest::newRow("overlong 3-byte") << QByteArray("\"\xe0\x80\xaf\"");
        QTest::newRow("overlong 4-byte") << QByteArray("\"\xf0\x8f\xbf\xbf\"");
        QTest::newRow("bad continuation") << QByteArray("\"\xe2\x28\xa1\"");
        QTest::newRow("utf8 at end of input") << QByteArray("\"\xf0\x9f\x98");
        QTest::newRow("0xff byte") << QByteArray("\"\xff\"");
        QTest::newRow("above U+10FFFF") << QByteArray("\"\xf4\x90\x80\x80\"");
        QTest::newRow("truncated utf8") << QByteArray("\"\xe2\x82\"");
        QTest::newRow("stray continuation") << QByteArray("\"\x80\"");
        QTest::newRow("non-ascii outside string") << QByteArray("[\xc3\xa9]");
    }

    void invalidJsonRejected()
    {
        QFETCH(QByteArray, input);
        QCOMPARE(outcome(json::canonicalizeText(input)), failure("json_parse"));
    }

    void idempotence()
    {
        const QByteArray inputs[] = {
            "{\"z\":[1e21,1e-7,-0,0.1],\"y\":{\"\\u00e9\":\"\\ud83d\\ude00\",\"e\":\"\\u0007\"},\"x\":[true,"
            "false,null,\"\"]}",
            "[[[{}]],{\"b\":{\"a\":[{\"d\":4.50,\"c\":3}]}}]",
            "\"\xe2\x80\xa8\x7f\"",
        };
        for (const QByteArray &input : inputs) {
            const QByteArray first = outcome(json::canonicalizeText(input));
            QVERIFY2(!first.startsWith("error:"), first.constData());
            QCOMPARE(outcome(json::canonicalizeText(first)), first);
            const QJsonValue parsed = QJsonDocument::fromJson("[" + first + "]").array().at(0);
            QCOMPARE(outcome(json::canonicalize(parsed)), first);
        }
    }

    // terminalSafe: service- and file-controlled text printed by veil-cli and veil-service. Published
    // terminal-injection payloads come out as visible escapes; ordinary text, umlauts and emoji included,
    // is untouched.
    void terminalSafe_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("shown");
        const auto ch = [](char16_t c) { return QString(QChar(c)); };
        QTest::newRow("window title (OSC 0, BEL)")
            << QStringLiteral("esc-1\x1b]0;pwned\x07") << QStringLiteral("esc-1\\x1b]0;pwned\\x07");
        QTest::newRow("clear screen (CSI 2J)") << QStringLiteral("\x1b[2Jok") << QStringLiteral("\\x1b[2Jok");
        QTest::newRow("carriage return") << QStringLiteral("bad\rgood") << QStringLiteral("bad\\x0dgood");
        QTest::newRow("line feed, tab") << QStringLiteral("a\nb\tc") << QStringLiteral("a\\x0ab\\x09c");
        QTest::newRow("bidi override") << QStringLiteral("invoice") + ch(0x202e) + QStringLiteral("fdp.exe")
                                       << QStringLiteral("invoice\\u{202e}fdp.exe");
        QTest::newRow("bidi isolates and marks")
            << ch(0x2066) + QStringLiteral("x") + ch(0x2069) + ch(0x200f) + ch(0x061c)
            << QStringLiteral("\\u{2066}x\\u{2069}\\u{200f}\\u{061c}");
        QTest::newRow("DEL and C1 CSI")
            << QStringLiteral("a\x7f") + ch(0x9b) + QStringLiteral("2J") << QStringLiteral("a\\x7f\\x9b2J");
        QTest::newRow("NUL") << QStringLiteral("a") + ch(0) + QStringLiteral("b")
                             << QStringLiteral("a\\x00b");
        QTest::newRow("lone surrogate") << QStringLiteral("x") + ch(0xd800) << QStringLiteral("x\\u{d800}");
        const QString plain = QStringLiteral("Prüfung: Größe ÄÖÜ ß é 日本 ") + ch(0xd83d) + ch(0xde00) +
                              QStringLiteral(" violence_gore \"quoted\" back\\slash");
        QTest::newRow("ordinary text") << plain << plain;
    }

    void terminalSafe()
    {
        QFETCH(QString, input);
        QFETCH(QString, shown);
        QCOMPARE(veil::terminalSafe(input), shown);
    }

    void terminalSafeStreams()
    {
        // A CSV stream keeps its line breaks (CR LF and LF) and escapes the rest.
        QCOMPARE(veil::terminalSafe(QStringLiteral("a,b\r\n\"x\ny\",z\rq\x1b[2J\r\n"), TerminalForm::Lines),
                 QStringLiteral("a,b\r\n\"x\ny\",z\\x0dq\\x1b[2J\r\n"));
        // JSON lines stay JSON: the escapes are JSON's, and the values parse back unchanged.
        const QString hostile = QStringLiteral("\x1b]0;pwned\x07\x7f") + QChar(0x9b) + QChar(0x202e);
        const QString line = QString::fromUtf8(
            QJsonDocument(QJsonObject{{QStringLiteral("id"), hostile}}).toJson(QJsonDocument::Compact));
        const QString shown = veil::terminalSafe(line + QLatin1Char('\n') + line, TerminalForm::Json);
        QCOMPARE(shown.count(QLatin1Char('\n')), 1);
        for (const QChar c : shown)
            QVERIFY2(c.unicode() >= 0x20 || c == QLatin1Char('\n'), "a control character left raw");
        QVERIFY(!shown.contains(QChar(0x9b)) && !shown.contains(QChar(0x202e)) &&
                !shown.contains(QChar(0x7f)));
        QVERIFY(shown.contains(QStringLiteral("\\u001b]0;pwned\\u0007\\u007f\\u009b\\u202e")));
        for (const QString &part : shown.split(QLatin1Char('\n')))
            QCOMPARE(QJsonDocument::fromJson(part.toUtf8()).object().value(QStringLiteral("id")).toString(),
                     hostile);
    }
};

QTEST_GUILESS_MAIN(TestCanonicalJson)
#include "tst_canonicaljson.moc"
