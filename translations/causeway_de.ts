<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>DemoWorkspace</name>
    <message>
        <source>Cannot create the demo folder %1</source>
        <translation>Der Demo-Ordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>The bundled demo data is missing from this build</source>
        <translation>Die mitgelieferten Demo-Daten fehlen in diesem Build</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Cannot remove the previous demo run %1</source>
        <translation>Der vorherige Demo-Lauf %1 kann nicht entfernt werden</translation>
    </message>
</context>
<context>
    <name>DisplayFormat</name>
    <message>
        <source>Buy</source>
        <translation>Kauf</translation>
    </message>
    <message>
        <source>Sell</source>
        <translation>Verkauf</translation>
    </message>
    <message>
        <source>Long</source>
        <translation>Long</translation>
    </message>
    <message>
        <source>Short</source>
        <translation>Short</translation>
    </message>
    <message>
        <source>Market</source>
        <translation>Market</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Limit</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <source>Partially filled</source>
        <translation>Teilweise ausgeführt</translation>
    </message>
    <message>
        <source>Filled</source>
        <translation>Ausgeführt</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Storniert</translation>
    </message>
    <message>
        <source>Closed bar</source>
        <translation>Abgeschlossene Kerze</translation>
    </message>
    <message>
        <source>Tick</source>
        <translation>Tick</translation>
    </message>
    <message>
        <source>News</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Eröffnen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Reverse</source>
        <translation>Umkehren</translation>
    </message>
</context>
<context>
    <name>TradeStory</name>
    <message>
        <source>Why</source>
        <translation>Warum</translation>
    </message>
    <message>
        <source>The journal has no entry for this order yet</source>
        <translation>Das Journal enthält noch keinen Eintrag zu dieser Order</translation>
    </message>
    <message>
        <source>Rejected by the exchange</source>
        <translation>Von der Börse abgelehnt</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>kein Grund angegeben</translation>
    </message>
    <message>
        <source>Not taken</source>
        <translation>Nicht gehandelt</translation>
    </message>
    <message>
        <source>no reason recorded</source>
        <translation>kein Grund festgehalten</translation>
    </message>
    <message>
        <source>Origin: %1</source>
        <translation>Auslöser: %1</translation>
    </message>
    <message>
        <source>Decision: %1 (%2)</source>
        <translation>Entscheidung: %1 (%2)</translation>
    </message>
    <message>
        <source>Execution: %1</source>
        <translation>Ausführung: %1</translation>
    </message>
    <message>
        <source>decision price %1</source>
        <translation>Entscheidungskurs %1</translation>
    </message>
    <message>
        <source>EMA(%1)</source>
        <translation>EMA(%1)</translation>
    </message>
    <message>
        <source>fast EMA</source>
        <translation>schneller EMA</translation>
    </message>
    <message>
        <source>slow EMA</source>
        <translation>langsamer EMA</translation>
    </message>
    <message>
        <source>%1 %2 vs %3 %4</source>
        <translation>%1 %2 gegen %3 %4</translation>
    </message>
    <message>
        <source>; bar before %1 vs %2</source>
        <translation>; Kerze davor %1 gegen %2</translation>
    </message>
    <message>
        <source>; close %1</source>
        <translation>; Schluss %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Signal: %1</source>
        <translation>Signal: %1</translation>
    </message>
    <message>
        <source>Risk: %1</source>
        <translation>Risiko: %1</translation>
    </message>
    <message>
        <source>entry %1</source>
        <translation>Einstieg %1</translation>
    </message>
    <message>
        <source>size %1 (%2)</source>
        <translation>Größe %1 (%2)</translation>
    </message>
    <message>
        <source>exit: %1</source>
        <translation>Ausstieg: %1</translation>
    </message>
    <message>
        <source>Plans</source>
        <translation>Pläne</translation>
    </message>
    <message>
        <source>%1, opens the trade</source>
        <translation>%1, eröffnet den Trade</translation>
    </message>
    <message>
        <source>%1, closes the trade</source>
        <translation>%1, schließt den Trade</translation>
    </message>
    <message>
        <source>Order: %1 %2 %3</source>
        <translation>Order: %1 %2 (%3)</translation>
    </message>
    <message>
        <source>%1 · fee %2</source>
        <translation>%1 · Gebühr %2</translation>
    </message>
    <message>
        <source> · slippage %1 bps</source>
        <translation> · Slippage %1 bp</translation>
    </message>
    <message>
        <source>Fill: %1 @ %2</source>
        <translation>Ausführung: %1 zu %2</translation>
    </message>
</context>
<context>
    <name>causeway::ui::CandlestickChartView</name>
    <message>
        <source>Scroll back through history; the mouse wheel pans, Ctrl+wheel zooms</source>
        <translation>In der Historie zurückblättern; das Mausrad verschiebt, Strg+Mausrad zoomt</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Kurs</translation>
    </message>
    <message>
        <source>Buy</source>
        <translation>Kauf</translation>
    </message>
    <message>
        <source>Sell</source>
        <translation>Verkauf</translation>
    </message>
    <message>
        <source>EMA %1</source>
        <translation>EMA %1</translation>
    </message>
    <message>
        <source>%1
Open %2  High %3
Low %4  Close %5</source>
        <translation>%1
Eröffnung %2  Hoch %3
Tief %4  Schluss %5</translation>
    </message>
    <message>
        <source>
EMA %1: %2  EMA %3: %4</source>
        <translation>
EMA %1: %2  EMA %3: %4</translation>
    </message>
</context>
<context>
    <name>causeway::ui::MainWindow</name>
    <message>
        <source>Causeway</source>
        <translation>Causeway</translation>
    </message>
    <message>
        <source>No run open</source>
        <translation>Kein Lauf geöffnet</translation>
    </message>
    <message>
        <source>&amp;Open Run…</source>
        <translation>Lauf ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Show a run database written by causeway-cli backtest</source>
        <translation>Eine von causeway-cli backtest geschriebene Laufdatenbank anzeigen</translation>
    </message>
    <message>
        <source>Run &amp;Demo</source>
        <translation>&amp;Demo starten</translation>
    </message>
    <message>
        <source>Replay the bundled S&amp;P 500 daily bars in a paper session with the EMA cross strategy</source>
        <translation>Die mitgelieferten S&amp;P-500-Tageskerzen in einer Papierhandelssitzung mit der EMA-Kreuzungsstrategie abspielen</translation>
    </message>
    <message>
        <source>&amp;Stop Session</source>
        <translation>Sitzung &amp;stoppen</translation>
    </message>
    <message>
        <source>Stop the running session; open positions are closed</source>
        <translation>Die laufende Sitzung beenden; offene Positionen werden geschlossen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Follow Latest Bar</source>
        <translation>&amp;Neuester Kerze folgen</translation>
    </message>
    <message>
        <source>Keep the newest bar in view while a session runs</source>
        <translation>Die neueste Kerze im Blick behalten, solange eine Sitzung läuft</translation>
    </message>
    <message>
        <source>&amp;EMA Overlays</source>
        <translation>&amp;EMA-Linien</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>&amp;Orders &amp;&amp; Fills</source>
        <translation>&amp;Orders &amp;&amp; Ausführungen</translation>
    </message>
    <message>
        <source>&amp;Trade Explorer</source>
        <translation>&amp;Trade-Explorer</translation>
    </message>
    <message>
        <source>&amp;About Causeway</source>
        <translation>&amp;Über Causeway</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Orders &amp;&amp; Fills</source>
        <translation>Orders &amp;&amp; Ausführungen</translation>
    </message>
    <message>
        <source>Trade Explorer</source>
        <translation>Trade-Explorer</translation>
    </message>
    <message>
        <source>%1 — Causeway</source>
        <translation>%1 — Causeway</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen …</translation>
    </message>
    <message>
        <source>Stop the session?</source>
        <translation>Sitzung beenden?</translation>
    </message>
    <message>
        <source>A session is running. Stop it and show the other run? What it has written so far stays in its run database.</source>
        <translation>Eine Sitzung läuft. Soll sie beendet und der andere Lauf angezeigt werden? Was sie bisher geschrieben hat, bleibt in ihrer Laufdatenbank erhalten.</translation>
    </message>
    <message>
        <source>Demo failed: %1</source>
        <translation>Demo fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>The demo session could not start:
%1</source>
        <translation>Die Demo-Sitzung konnte nicht starten:
%1</translation>
    </message>
    <message>
        <source>Demo running: paper session on S&amp;P 500 daily bars</source>
        <translation>Demo läuft: Papierhandel auf S&amp;P-500-Tageskerzen</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird beendet …</translation>
    </message>
    <message>
        <source>Open Run</source>
        <translation>Lauf öffnen</translation>
    </message>
    <message>
        <source>Run databases (*.sqlite *.db);;All files (*)</source>
        <translation>Laufdatenbanken (*.sqlite *.db);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>About Causeway</source>
        <translation>Über Causeway</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Causeway %1&lt;/h3&gt;&lt;p&gt;A desktop trading workstation: one engine for backtests and live sessions, and every trade explainable, from the market event that caused it to its fills.&lt;/p&gt;&lt;p&gt;Demo data: S&amp;amp;P 500 daily bars (Yahoo Finance via vega-datasets, BSD-3-Clause).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Causeway %1&lt;/h3&gt;&lt;p&gt;Ein Handelsarbeitsplatz für den Desktop: eine Engine für Backtests und Live-Sitzungen, und jeder Trade ist erklärbar – vom Marktereignis, das ihn auslöste, bis zu seinen Ausführungen.&lt;/p&gt;&lt;p&gt;Demo-Daten: S&amp;amp;P-500-Tageskerzen (Yahoo Finance über vega-datasets, BSD-3-Clause).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Viewing %1 (read-only)</source>
        <translation>Anzeige von %1 (schreibgeschützt)</translation>
    </message>
    <message>
        <source>Cannot read the run database: %1</source>
        <translation>Die Laufdatenbank kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot open %1</source>
        <translation>%1 kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1 could not be opened:
%2</source>
        <translation>%1 konnte nicht geöffnet werden:
%2</translation>
    </message>
    <message>
        <source>Demo stopped: %1 bars, %2 trades, net PnL %3</source>
        <translation>Demo beendet: %1 Kerzen, %2 Trades, Nettoergebnis %3</translation>
    </message>
    <message>
        <source>Demo finished: %1 bars, %2 trades, net PnL %3</source>
        <translation>Demo abgeschlossen: %1 Kerzen, %2 Trades, Nettoergebnis %3</translation>
    </message>
    <message>
        <source>Session failed: %1</source>
        <translation>Sitzung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Session failed</source>
        <translation>Sitzung fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 (%2/%3)</source>
        <translation>%1 (%2/%3)</translation>
    </message>
    <message>
        <source>%1 %2 @ %3
%4 · %5</source>
        <translation>%1 %2 zu %3
%4 · %5</translation>
    </message>
</context>
<context>
    <name>causeway::ui::OrdersModel</name>
    <message>
        <source>Fill price against the decision price, in basis points; positive is worse for the trader</source>
        <translation>Ausführungskurs gegenüber dem Entscheidungskurs in Basispunkten; positiv ist schlechter für den Händler</translation>
    </message>
    <message numerus="yes">
        <source>%1 (+%n more)</source>
        <translation>
            <numerusform>%1 (+%n weitere)</numerusform>
            <numerusform>%1 (+%n weitere)</numerusform>
        </translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>Seite</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Decision price</source>
        <translation>Entsch.-Kurs</translation>
    </message>
    <message>
        <source>Fill</source>
        <translation>Ausführung</translation>
    </message>
    <message>
        <source>Fill price</source>
        <translation>Ausf.-Kurs</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Gebühr</translation>
    </message>
    <message>
        <source>Slippage (bps)</source>
        <translation>Slippage (bp)</translation>
    </message>
    <message>
        <source>When the order was created, UTC</source>
        <translation>Zeitpunkt, zu dem die Order erstellt wurde, UTC</translation>
    </message>
    <message>
        <source>The price the strategy decided at</source>
        <translation>Der Kurs, zu dem die Strategie entschieden hat</translation>
    </message>
    <message>
        <source>When the order was filled, UTC</source>
        <translation>Zeitpunkt der Ausführung, UTC</translation>
    </message>
    <message>
        <source>Execution price; the quantity-weighted average of several fills</source>
        <translation>Ausführungskurs; bei mehreren Ausführungen der mengengewichtete Durchschnitt</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Fill time</source>
        <translation>Ausf.-Zeit</translation>
    </message>
</context>
<context>
    <name>causeway::ui::RunStatusBar</name>
    <message>
        <source>Bars %1 / %2</source>
        <translation>Kerzen %1 / %2</translation>
    </message>
    <message>
        <source>Bars %1</source>
        <translation>Kerzen %1</translation>
    </message>
    <message>
        <source>Net PnL %1</source>
        <translation>Nettoergebnis %1</translation>
    </message>
</context>
<context>
    <name>causeway::ui::TradeExplorerModel</name>
    <message>
        <source>Decision %1</source>
        <translation>Entscheidung %1</translation>
    </message>
    <message>
        <source>Decisions not taken</source>
        <translation>Nicht umgesetzte Entscheidungen</translation>
    </message>
    <message numerus="yes">
        <source>%n signal(s) the strategy did not act on</source>
        <translation>
            <numerusform>%n Signal, auf das die Strategie nicht reagiert hat</numerusform>
            <numerusform>%n Signale, auf die die Strategie nicht reagiert hat</numerusform>
        </translation>
    </message>
    <message>
        <source>Journaled decisions not to trade, with the reason for each</source>
        <translation>Im Journal festgehaltene Entscheidungen, nicht zu handeln, jeweils mit Grund</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 %2 · %3 → %4</source>
        <translation>%1 %2 · %3 → %4</translation>
    </message>
    <message>
        <source>Fees %1</source>
        <translation>Gebühren %1</translation>
    </message>
    <message>
        <source>%1 %2 %3 · %4</source>
        <translation>%1 %2 (%3) · %4</translation>
    </message>
    <message>
        <source>Trade / order / step</source>
        <translation>Trade / Order / Schritt</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Zeit (UTC)</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>PnL</source>
        <translation>Ergebnis</translation>
    </message>
</context>
<context>
    <name>causeway::ui::WelcomePage</name>
    <message>
        <source>&lt;h2&gt;No run open&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Kein Lauf geöffnet&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Open a run database written by &lt;tt&gt;causeway-cli backtest&lt;/tt&gt; to see its chart, its orders and fills, and why every trade happened.&lt;br&gt;Or start the demo: a paper session that replays twenty years of S&amp;amp;P 500 daily bars with the EMA cross strategy, with no account, key or network.</source>
        <translation>Öffnen Sie eine von &lt;tt&gt;causeway-cli backtest&lt;/tt&gt; geschriebene Laufdatenbank, um ihren Chart, ihre Orders und Ausführungen zu sehen – und warum jeder Trade zustande kam.&lt;br&gt;Oder starten Sie die Demo: eine Papierhandelssitzung, die zwanzig Jahre S&amp;amp;P-500-Tageskerzen mit der EMA-Kreuzungsstrategie abspielt, ohne Konto, Schlüssel oder Netzwerk.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Causeway: a desktop trading workstation. Every trade explainable.</source>
        <translation>Causeway: ein Handelsarbeitsplatz für den Desktop. Jeder Trade erklärbar.</translation>
    </message>
    <message>
        <source>Use DIR as the workspace: the demo runs there, and a run database found there (demo.sqlite or run.sqlite) is shown on start.</source>
        <translation>VERZEICHNIS als Arbeitsbereich verwenden: Die Demo läuft dort, und eine dort gefundene Laufdatenbank (demo.sqlite oder run.sqlite) wird beim Start angezeigt.</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>VERZEICHNIS</translation>
    </message>
    <message>
        <source>Start the demo: a paper session on the bundled S&amp;P 500 daily bars.</source>
        <translation>Die Demo starten: eine Papierhandelssitzung auf den mitgelieferten S&amp;P-500-Tageskerzen.</translation>
    </message>
    <message>
        <source>User interface language, e.g. de or en.</source>
        <translation>Sprache der Benutzeroberfläche, z. B. de oder en.</translation>
    </message>
    <message>
        <source>CODE</source>
        <translation>CODE</translation>
    </message>
</context>
</TS>
