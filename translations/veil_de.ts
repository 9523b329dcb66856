<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AgreementPanel</name>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>QA agreement</source>
        <translation>QS-Übereinstimmung</translation>
    </message>
    <message>
        <source>Overall: %1 re-reviewed, %2% agreement, kappa %3, %4 disagreement(s)</source>
        <translation>Gesamt: %1 nachgeprüft, %2 % Übereinstimmung, Kappa %3, %4 Abweichung(en)</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>Prüfer/in</translation>
    </message>
    <message>
        <source>Re-reviewed</source>
        <translation>Nachgeprüft</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>Übereinstimmung</translation>
    </message>
    <message>
        <source>Kappa</source>
        <translation>Kappa</translation>
    </message>
    <message>
        <source>Cohen&apos;s kappa per reviewer</source>
        <translation>Cohens Kappa je Prüfer/in</translation>
    </message>
    <message>
        <source>kappa</source>
        <translation>Kappa</translation>
    </message>
</context>
<context>
    <name>ClockFacts</name>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>SLA clock</source>
        <translation>SLA-Frist</translation>
    </message>
    <message>
        <source>Paused. Due %1 before the pause.</source>
        <translation>Angehalten. Vor der Pause fällig am %1.</translation>
    </message>
    <message>
        <source>Started %1 · due %2</source>
        <translation>Begonnen %1 · fällig %2</translation>
    </message>
    <message numerus="yes">
        <source>Claimed %n time(s), first %1</source>
        <translation>
            <numerusform>%n-mal übernommen, zuerst %1</numerusform>
            <numerusform>%n-mal übernommen, zuerst %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Reason to pause the SLA clock</source>
        <translation>Grund für das Anhalten der SLA-Frist</translation>
    </message>
    <message>
        <source>Resume clock</source>
        <translation>Frist fortsetzen</translation>
    </message>
    <message>
        <source>Pause clock</source>
        <translation>Frist anhalten</translation>
    </message>
</context>
<context>
    <name>ClusterDialog</name>
    <message>
        <source>Sign %1 verdicts?</source>
        <translation>%1 Entscheidungen signieren?</translation>
    </message>
    <message>
        <source>This signs %1 verdicts — “%2” with the labels %3 — one for each item kept below, each noting that you reviewed %4.</source>
        <translation>Damit werden %1 Entscheidungen signiert – „%2“ mit den Kennzeichnungen %3 –, eine für jeden unten behaltenen Fall, jeweils mit dem Vermerk, dass Sie %4 geprüft haben.</translation>
    </message>
    <message>
        <source>This signs %1 verdicts — “%2”, without labels — one for each item kept below, each noting that you reviewed %3.</source>
        <translation>Damit werden %1 Entscheidungen signiert – „%2“, ohne Kennzeichnungen –, eine für jeden unten behaltenen Fall, jeweils mit dem Vermerk, dass Sie %3 geprüft haben.</translation>
    </message>
    <message>
        <source>%1 not yet scrolled through: they are signed only once you have scrolled through them from the top (arrows or wheel); until then they stay open.</source>
        <translation>%1 noch nicht durchgescrollt: Diese werden erst signiert, wenn Sie von oben durch sie gescrollt haben (Pfeiltasten oder Mausrad); bis dahin bleiben sie offen.</translation>
    </message>
    <message>
        <source>%1 dropped: they stay open for a decision of their own.</source>
        <translation>%1 herausgenommen: Sie bleiben offen für eine eigene Entscheidung.</translation>
    </message>
    <message>
        <source>Arrows move, Space drops an item that does not belong; Enter signs, Esc goes back.</source>
        <translation>Pfeiltasten bewegen, Leertaste nimmt einen Fall heraus, der nicht dazugehört; Enter signiert, Esc geht zurück.</translation>
    </message>
</context>
<context>
    <name>DecisionBar</name>
    <message>
        <source>Appeal outcome</source>
        <translation>Ergebnis der Beschwerde</translation>
    </message>
    <message>
        <source>Rationale template…</source>
        <translation>Begründungsvorlage …</translation>
    </message>
    <message>
        <source>Depicts graphic violence against a person.</source>
        <translation>Zeigt drastische Gewalt gegen eine Person.</translation>
    </message>
    <message>
        <source>Sexualised likeness of a real, identifiable person.</source>
        <translation>Sexualisierte Darstellung einer realen, erkennbaren Person.</translation>
    </message>
    <message>
        <source>Hate symbol shown approvingly.</source>
        <translation>Hasssymbol in zustimmender Weise gezeigt.</translation>
    </message>
    <message>
        <source>Synthetic, no policy violation found.</source>
        <translation>Synthetisch, kein Richtlinienverstoß festgestellt.</translation>
    </message>
    <message>
        <source>Message templates</source>
        <translation>Nachrichtenvorlagen</translation>
    </message>
    <message>
        <source>Rationale templates</source>
        <translation>Begründungsvorlagen</translation>
    </message>
    <message>
        <source>Message to the user</source>
        <translation>Nachricht an die Person</translation>
    </message>
    <message>
        <source>Rationale</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>Internal note (not sent)</source>
        <translation>Interne Notiz (wird nicht gesendet)</translation>
    </message>
    <message>
        <source>Internal note</source>
        <translation>Interne Notiz</translation>
    </message>
    <message>
        <source>%1  Skip (S)</source>
        <translation>%1  Überspringen (S)</translation>
    </message>
    <message>
        <source>Skip (S)</source>
        <translation>Überspringen (S)</translation>
    </message>
    <message>
        <source>Skip this item</source>
        <translation>Diesen Fall überspringen</translation>
    </message>
    <message>
        <source>Apply to cluster ×%1 (C)</source>
        <translation>Auf Cluster ×%1 anwenden (C)</translation>
    </message>
    <message>
        <source>Submit (Enter)</source>
        <translation>Absenden (Enter)</translation>
    </message>
    <message>
        <source>(suggested)</source>
        <translation>(vorgeschlagen)</translation>
    </message>
    <message>
        <source>Correction — signs: %1</source>
        <translation>Korrektur – wird signiert: %1</translation>
    </message>
    <message>
        <source>Signs: %1</source>
        <translation>Wird signiert: %1</translation>
    </message>
    <message>
        <source>U  Uphold</source>
        <translation>U  Bestätigen</translation>
    </message>
    <message>
        <source>O  Overturn</source>
        <translation>O  Aufheben</translation>
    </message>
    <message>
        <source>M  Modify</source>
        <translation>M  Ändern</translation>
    </message>
    <message>
        <source>Rationale (R; Esc leaves)</source>
        <translation>Begründung (R; Esc zum Verlassen)</translation>
    </message>
    <message>
        <source>Message to the user (R; Ctrl+Enter submits, Esc leaves)</source>
        <translation>Nachricht an die Person (R; Strg+Enter zum Absenden, Esc zum Verlassen)</translation>
    </message>
    <message>
        <source>Submit (Ctrl+Enter)</source>
        <translation>Absenden (Strg+Enter)</translation>
    </message>
    <message>
        <source>Needs your decision again: your verdict could not be delivered on its lease. Your earlier choice is filled in; check it and sign again.</source>
        <translation>Bitte erneut entscheiden: Ihre Entscheidung konnte mit ihrer Zuteilung nicht zugestellt werden. Ihre frühere Wahl ist eingetragen; prüfen Sie sie und signieren Sie erneut.</translation>
    </message>
</context>
<context>
    <name>DecisionLogPanel</name>
    <message>
        <source>Reviewer</source>
        <translation>Prüfer/in</translation>
    </message>
    <message>
        <source>Any reviewer</source>
        <translation>Alle Prüfenden</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>Any decision</source>
        <translation>Alle Entscheidungen</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Kennzeichnung</translation>
    </message>
    <message>
        <source>Any label</source>
        <translation>Alle Kennzeichnungen</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Any category</source>
        <translation>Alle Kategorien</translation>
    </message>
    <message>
        <source>Decided within</source>
        <translation>Entschieden innerhalb</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Jederzeit</translation>
    </message>
    <message>
        <source>Last 24 h</source>
        <translation>Letzte 24 Std.</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>Letzte 90 Tage</translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s)</source>
        <translation>
            <numerusform>%n Entscheidung</numerusform>
            <numerusform>%n Entscheidungen</numerusform>
        </translation>
    </message>
    <message>
        <source>The log could not be read: %1</source>
        <translation>Das Protokoll konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1  ·  %2  ·  %3%4  ·  %5  ·  %6</source>
        <translation>%1  ·  %2  ·  %3%4  ·  %5  ·  %6</translation>
    </message>
    <message>
        <source>no label</source>
        <translation>keine Kennzeichnung</translation>
    </message>
    <message>
        <source>Open the decision on %1</source>
        <translation>Entscheidung zu %1 öffnen</translation>
    </message>
    <message>
        <source>No decisions match. The log fills from the service with each sync.</source>
        <translation>Keine passenden Entscheidungen. Das Protokoll füllt sich bei jedem Abgleich aus dem Dienst.</translation>
    </message>
    <message>
        <source>Export folder</source>
        <translation>Exportordner</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>CSV exportieren</translation>
    </message>
    <message>
        <source>Export JSON Lines</source>
        <translation>JSON Lines exportieren</translation>
    </message>
    <message>
        <source>Export DSA statements</source>
        <translation>DSA-Begründungen exportieren</translation>
    </message>
</context>
<context>
    <name>DeskOverview</name>
    <message>
        <source>Disagreements (%1)</source>
        <translation>Abweichungen (%1)</translation>
    </message>
    <message>
        <source>%1 · %2: %3 — QA: %4</source>
        <translation>%1 · %2: %3 – QS: %4</translation>
    </message>
    <message>
        <source>Open the decision on %1</source>
        <translation>Entscheidung zu %1 öffnen</translation>
    </message>
    <message>
        <source>Breached now (%1)</source>
        <translation>Jetzt überfällig (%1)</translation>
    </message>
    <message>
        <source>not claimed</source>
        <translation>nicht übernommen</translation>
    </message>
    <message>
        <source>Audit: no workstation&apos;s chain was refused.</source>
        <translation>Audit: Die Kette keines Arbeitsplatzes wurde abgelehnt.</translation>
    </message>
    <message>
        <source>Audit alerts: %1</source>
        <translation>Audit-Warnungen: %1</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation>%1 (%2): %3</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 late · %4</source>
        <translation>%1 · %2 · %3 zu spät · %4</translation>
    </message>
    <message>
        <source>Pace, last 24 h (%1)</source>
        <translation>Tempo, letzte 24 Std. (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%3 · %n decision(s) · %1 each · %2 per hour</source>
        <translation>
            <numerusform>%3 · %n Entscheidung · je %1 · %2 pro Stunde</numerusform>
            <numerusform>%3 · %n Entscheidungen · je %1 · %2 pro Stunde</numerusform>
        </translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
</context>
<context>
    <name>DeskPage</name>
    <message>
        <source>Supervisor desk</source>
        <translation>Leitstand</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Decision log</source>
        <translation>Entscheidungsprotokoll</translation>
    </message>
    <message>
        <source>Could not refresh: %1</source>
        <translation>Aktualisierung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Re-review a QA sample</source>
        <translation>QS-Stichprobe nachprüfen</translation>
    </message>
    <message>
        <source>Re-review the next QA sample, blind</source>
        <translation>Nächste QS-Stichprobe blind nachprüfen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Refresh the desk</source>
        <translation>Leitstand aktualisieren</translation>
    </message>
</context>
<context>
    <name>FamilyMember</name>
    <message>
        <source>%1, the item you reviewed</source>
        <translation>%1, der geprüfte Fall</translation>
    </message>
    <message>
        <source>%1, dropped</source>
        <translation>%1, herausgenommen</translation>
    </message>
    <message>
        <source>%1, kept</source>
        <translation>%1, behalten</translation>
    </message>
    <message>
        <source>reviewed</source>
        <translation>geprüft</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>herausgenommen</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>behalten</translation>
    </message>
</context>
<context>
    <name>Gate</name>
    <message>
        <source>Veil</source>
        <translation>Veil</translation>
    </message>
    <message>
        <source>Set up this workstation</source>
        <translation>Diesen Arbeitsplatz einrichten</translation>
    </message>
    <message>
        <source>Connect to your service</source>
        <translation>Mit Ihrem Dienst verbinden</translation>
    </message>
    <message>
        <source>Unlock Veil</source>
        <translation>Veil entsperren</translation>
    </message>
    <message>
        <source>Data directory: %1</source>
        <translation>Datenverzeichnis: %1</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <source>Service address (https://…)</source>
        <translation>Adresse des Dienstes (https://…)</translation>
    </message>
    <message>
        <source>Service address</source>
        <translation>Adresse des Dienstes</translation>
    </message>
    <message>
        <source>Reviewer token</source>
        <translation>Prüfer-Token</translation>
    </message>
    <message>
        <source>New passphrase (12 characters or more)</source>
        <translation>Neue Passphrase (mindestens 12 Zeichen)</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Neue Passphrase</translation>
    </message>
    <message>
        <source>The passphrase again</source>
        <translation>Die Passphrase noch einmal</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>Passphrase wiederholen</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Set up</source>
        <translation>Einrichten</translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation>Demo ausprobieren</translation>
    </message>
    <message>
        <source>Try the demo on synthetic data</source>
        <translation>Demo mit synthetischen Daten ausprobieren</translation>
    </message>
</context>
<context>
    <name>ItemFacts</name>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Prompt text</source>
        <translation>Prompt-Text</translation>
    </message>
    <message>
        <source>Model %1 · source %2</source>
        <translation>Modell %1 · Quelle %2</translation>
    </message>
    <message>
        <source>Classifier scores</source>
        <translation>Klassifikator-Werte</translation>
    </message>
    <message>
        <source>Hash-list match: %1</source>
        <translation>Treffer in Hash-Liste: %1</translation>
    </message>
    <message>
        <source>Appeal statement</source>
        <translation>Begründung der Beschwerde</translation>
    </message>
    <message>
        <source>Near-duplicates: %1 open in this cluster</source>
        <translation>Beinahe-Duplikate: %1 offen in diesem Cluster</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Veil — DEMO</source>
        <translation>Veil – DEMO</translation>
    </message>
    <message>
        <source>Veil</source>
        <translation>Veil</translation>
    </message>
    <message>
        <source>Label: press its number (1–%1)</source>
        <translation>Kennzeichnung: Nummer drücken (1–%1)</translation>
    </message>
    <message>
        <source>? shows every key · J/K move · 1–6 decide · L+digit label · Space (hold) reveals · Enter signs · Ctrl+Z undoes</source>
        <translation>? zeigt alle Tasten · J/K navigieren · 1–6 entscheiden · L+Ziffer kennzeichnen · Leertaste (halten) zeigt · Enter signiert · Strg+Z macht rückgängig</translation>
    </message>
</context>
<context>
    <name>MediaViewport</name>
    <message>
        <source>Media, revealed</source>
        <translation>Medium, sichtbar</translation>
    </message>
    <message>
        <source>Media, blurred</source>
        <translation>Medium, unscharf</translation>
    </message>
</context>
<context>
    <name>OriginalVerdict</name>
    <message>
        <source>Decision under appeal</source>
        <translation>Angefochtene Entscheidung</translation>
    </message>
    <message>
        <source>%1 by %2 on %3</source>
        <translation>%1 von %2 am %3</translation>
    </message>
    <message>
        <source>Labels: %1</source>
        <translation>Kennzeichnungen: %1</translation>
    </message>
    <message>
        <source>No rationale was given.</source>
        <translation>Es wurde keine Begründung angegeben.</translation>
    </message>
    <message>
        <source>Original rationale</source>
        <translation>Ursprüngliche Begründung</translation>
    </message>
    <message>
        <source>Statement of reasons</source>
        <translation>Begründung (DSA)</translation>
    </message>
    <message>
        <source>%1, %2 (%3). %4. %5</source>
        <comment>statement of reasons: restriction, ground (category). legal or terms ground. explanation</comment>
        <translation>%1, %2 (%3). %4. %5</translation>
    </message>
    <message>
        <source>User notified %1</source>
        <translation>Person benachrichtigt %1</translation>
    </message>
    <message>
        <source>Verdict %1</source>
        <translation>Entscheidung %1</translation>
    </message>
</context>
<context>
    <name>QaVerdictForm</name>
    <message>
        <source>Choose a decision.</source>
        <translation>Wählen Sie eine Entscheidung.</translation>
    </message>
    <message>
        <source>Your decision</source>
        <translation>Ihre Entscheidung</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Kennzeichnungen</translation>
    </message>
    <message>
        <source>Record the re-review (Enter)</source>
        <translation>Nachprüfung speichern (Enter)</translation>
    </message>
</context>
<context>
    <name>QueuePane</name>
    <message>
        <source>Sort</source>
        <translation>Sortieren</translation>
    </message>
    <message>
        <source>Due time</source>
        <translation>Fälligkeit</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Sort the queue</source>
        <translation>Warteschlange sortieren</translation>
    </message>
    <message>
        <source>Any category</source>
        <translation>Alle Kategorien</translation>
    </message>
    <message>
        <source>Filter by category</source>
        <translation>Nach Kategorie filtern</translation>
    </message>
    <message>
        <source>Any source</source>
        <translation>Alle Quellen</translation>
    </message>
    <message>
        <source>Filter by source</source>
        <translation>Nach Quelle filtern</translation>
    </message>
    <message>
        <source>Hash matches only</source>
        <translation>Nur Hash-Treffer</translation>
    </message>
    <message>
        <source>Review queue</source>
        <translation>Prüfwarteschlange</translation>
    </message>
    <message>
        <source>Nothing to review. Sync (Ctrl+R) to fetch more.</source>
        <translation>Nichts zu prüfen. Abgleichen (Strg+R) holt weitere Fälle.</translation>
    </message>
</context>
<context>
    <name>QueueRow</name>
    <message>
        <source>%1, %2, %3</source>
        <translation>%1, %2, %3</translation>
    </message>
    <message>
        <source>cluster ×%1</source>
        <translation>Cluster ×%1</translation>
    </message>
    <message>
        <source>hash match: %1</source>
        <translation>Hash-Treffer: %1</translation>
    </message>
    <message>
        <source>▾ cluster ×%1</source>
        <translation>▾ Cluster ×%1</translation>
    </message>
    <message>
        <source>▸ cluster ×%1</source>
        <translation>▸ Cluster ×%1</translation>
    </message>
    <message numerus="yes">
        <source>Fold the cluster of %n item(s) (E)</source>
        <translation>
            <numerusform>Cluster mit %n Fall zuklappen (E)</numerusform>
            <numerusform>Cluster mit %n Fällen zuklappen (E)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Show the %n item(s) of this cluster (E)</source>
        <translation>
            <numerusform>Den %n Fall dieses Clusters zeigen (E)</numerusform>
            <numerusform>Die %n Fälle dieses Clusters zeigen (E)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReferenceView</name>
    <message>
        <source>Fetching the media…</source>
        <translation>Medium wird geholt …</translation>
    </message>
    <message>
        <source>No QA sample is waiting: every sampled decision has been re-reviewed.</source>
        <translation>Keine QS-Stichprobe offen: Jede ausgewählte Entscheidung wurde nachgeprüft.</translation>
    </message>
    <message>
        <source>Could not open the item: %1</source>
        <translation>Der Fall konnte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>The re-review was not recorded: %1</source>
        <translation>Die Nachprüfung wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Decision on %1</source>
        <translation>Entscheidung zu %1</translation>
    </message>
    <message>
        <source>Greyscale</source>
        <translation>Graustufen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Close and shred</source>
        <translation>Schließen und vernichten</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>Prüfer/in</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>Appeal outcome</source>
        <translation>Ergebnis der Beschwerde</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Kennzeichnungen</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Decided (UTC)</source>
        <translation>Entschieden (UTC)</translation>
    </message>
    <message>
        <source>Rationale</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>Sending the re-review…</source>
        <translation>Nachprüfung wird gesendet …</translation>
    </message>
    <message>
        <source>Blur now (V)</source>
        <translation>Jetzt unscharf stellen (V)</translation>
    </message>
    <message>
        <source>Reveal %1 s (V)</source>
        <translation>%1 s zeigen (V)</translation>
    </message>
    <message>
        <source>QA re-review (blind): %1 · %2</source>
        <translation>QS-Nachprüfung (blind): %1 · %2</translation>
    </message>
</context>
<context>
    <name>RevealableMedia</name>
    <message>
        <source>Revealed — blurs again in %1 s</source>
        <translation>Sichtbar – in %1 s wieder unscharf</translation>
    </message>
    <message>
        <source>Revealed while Space is held</source>
        <translation>Sichtbar, solange die Leertaste gedrückt ist</translation>
    </message>
</context>
<context>
    <name>ReviewPane</name>
    <message>
        <source>Blurred</source>
        <translation>Unscharf</translation>
    </message>
    <message>
        <source>Pixelated</source>
        <translation>Verpixelt</translation>
    </message>
    <message>
        <source>How unrevealed media is shown</source>
        <translation>Darstellung verdeckter Medien</translation>
    </message>
    <message>
        <source>Greyscale (G)</source>
        <translation>Graustufen (G)</translation>
    </message>
    <message>
        <source>Faces (F)</source>
        <translation>Gesichter (F)</translation>
    </message>
    <message>
        <source>Blur now (V)</source>
        <translation>Jetzt unscharf stellen (V)</translation>
    </message>
    <message>
        <source>Reveal %1 s (V)</source>
        <translation>%1 s zeigen (V)</translation>
    </message>
    <message>
        <source>Zoom out (-)</source>
        <translation>Verkleinern (-)</translation>
    </message>
    <message>
        <source>Zoom in (+)</source>
        <translation>Vergrößern (+)</translation>
    </message>
    <message>
        <source>Choose an item in the queue (J / K). Press ? for every key.</source>
        <translation>Wählen Sie einen Fall in der Warteschlange (J / K). Mit ? sehen Sie alle Tasten.</translation>
    </message>
</context>
<context>
    <name>ReviewerSettings</name>
    <message>
        <source>Reviewer settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Erscheinungsbild</translation>
    </message>
    <message>
        <source>Like the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Light or dark appearance</source>
        <translation>Helles oder dunkles Erscheinungsbild</translation>
    </message>
    <message>
        <source>Blur strength</source>
        <translation>Unschärfe</translation>
    </message>
    <message>
        <source>Timed reveal (seconds)</source>
        <translation>Befristetes Zeigen (Sekunden)</translation>
    </message>
    <message>
        <source>Timed reveal in seconds</source>
        <translation>Befristetes Zeigen in Sekunden</translation>
    </message>
    <message>
        <source>Break after (minutes of revealed media)</source>
        <translation>Pause nach (Minuten sichtbarer Medien)</translation>
    </message>
    <message>
        <source>Break budget in minutes</source>
        <translation>Pausenbudget in Minuten</translation>
    </message>
    <message>
        <source>Greyed-out settings are set by your team.</source>
        <translation>Ausgegraute Einstellungen legt Ihr Team fest.</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Audit-Protokoll</translation>
    </message>
    <message>
        <source>Verify the audit log</source>
        <translation>Audit-Protokoll prüfen</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>About</source>
        <translation>Über</translation>
    </message>
    <message>
        <source>Veil %1 — review workstation for trust-and-safety teams. Qt %2.</source>
        <translation>Veil %1 – Prüfarbeitsplatz für Trust-and-Safety-Teams. Qt %2.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Light</source>
        <comment>appearance: a light theme</comment>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Light</source>
        <comment>blur strength: weak</comment>
        <translation>Schwach</translation>
    </message>
    <message>
        <source>Default</source>
        <comment>blur strength</comment>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Strong</source>
        <comment>blur strength</comment>
        <translation>Stark</translation>
    </message>
    <message>
        <source>Undo a decision within (seconds; 0: no undo)</source>
        <translation>Entscheidung rückgängig machen innerhalb von (Sekunden; 0: nicht möglich)</translation>
    </message>
    <message>
        <source>Undo grace period in seconds</source>
        <translation>Frist zum Rückgängigmachen in Sekunden</translation>
    </message>
    <message>
        <source>Items per claim</source>
        <translation>Fälle pro Abruf</translation>
    </message>
    <message>
        <source>Items claimed at a time</source>
        <translation>Auf einmal abgerufene Fälle</translation>
    </message>
    <message>
        <source>Claim more when fewer are open than (0: only by hand)</source>
        <translation>Nachladen, wenn weniger offen sind als (0: nur von Hand)</translation>
    </message>
    <message>
        <source>Claim more items when fewer than this are open</source>
        <translation>Weitere Fälle abrufen, wenn weniger als diese Zahl offen sind</translation>
    </message>
</context>
<context>
    <name>ShortcutHelp</name>
    <message>
        <source>next / previous item</source>
        <translation>nächster / vorheriger Fall</translation>
    </message>
    <message>
        <source>decision types, in policy order (6: skip)</source>
        <translation>Entscheidungsarten in der Reihenfolge der Richtlinie (6: überspringen)</translation>
    </message>
    <message>
        <source>Space (hold)</source>
        <translation>Leertaste (halten)</translation>
    </message>
    <message>
        <source>reveal the media; released, it blurs again</source>
        <translation>Medium zeigen; losgelassen wird es wieder unscharf</translation>
    </message>
    <message>
        <source>greyscale on / off</source>
        <translation>Graustufen ein / aus</translation>
    </message>
    <message>
        <source>reveal faces (kept blurred otherwise)</source>
        <translation>Gesichter zeigen (sonst bleiben sie unscharf)</translation>
    </message>
    <message>
        <source>skip the item (asks a reason)</source>
        <translation>Fall überspringen (mit Angabe eines Grundes)</translation>
    </message>
    <message>
        <source>appeals: uphold, overturn or modify</source>
        <translation>Beschwerden: bestätigen, aufheben oder ändern</translation>
    </message>
    <message>
        <source>appeals: start the message from the outcome&apos;s template</source>
        <translation>Beschwerden: Nachricht mit der Vorlage des Ergebnisses beginnen</translation>
    </message>
    <message>
        <source>supervisors: the desk (agreement, SLA, audit) and back</source>
        <translation>Teamleitung: Leitstand (Übereinstimmung, SLA, Audit) und zurück</translation>
    </message>
    <message>
        <source>sync now</source>
        <translation>jetzt abgleichen</translation>
    </message>
    <message>
        <source>this list</source>
        <translation>diese Liste</translation>
    </message>
    <message>
        <source>quit (the outbox is flushed if the service answers)</source>
        <translation>beenden (der Postausgang wird geleert, wenn der Dienst antwortet)</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>label by its number (L1…): on or off</source>
        <translation>Kennzeichnung über ihre Nummer (L1 …): ein / aus</translation>
    </message>
    <message>
        <source>write in the rationale (or the message to the user)</source>
        <translation>in die Begründung schreiben (oder in die Nachricht an die Person)</translation>
    </message>
    <message>
        <source>leave a text field: keys act on the item again</source>
        <translation>Textfeld verlassen: Tasten wirken wieder auf den Fall</translation>
    </message>
    <message>
        <source>reveal for a few seconds (a countdown shows), or blur now</source>
        <translation>einige Sekunden zeigen (mit Restzeitanzeige) oder sofort unscharf stellen</translation>
    </message>
    <message>
        <source>zoom in, out, back to fit</source>
        <translation>vergrößern, verkleinern, wieder einpassen</translation>
    </message>
    <message>
        <source>apply the decision to the whole cluster (asks first: Enter / Esc)</source>
        <translation>Entscheidung auf den ganzen Cluster anwenden (mit Rückfrage: Enter / Esc)</translation>
    </message>
    <message>
        <source>sign the decision</source>
        <translation>Entscheidung signieren</translation>
    </message>
    <message>
        <source>sign, from the message to the user too</source>
        <translation>signieren, auch aus der Nachricht an die Person</translation>
    </message>
    <message>
        <source>undo the last decision (within the grace period), or correct it after</source>
        <translation>letzte Entscheidung rückgängig machen (innerhalb der Frist) oder danach korrigieren</translation>
    </message>
    <message>
        <source>open or fold the near-duplicate cluster of the item (one row per cluster)</source>
        <translation>Cluster ähnlicher Fälle auf- oder zuklappen (eine Zeile pro Cluster)</translation>
    </message>
    <message>
        <source>Esc</source>
        <comment>a key as the keyboard says it</comment>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Enter</source>
        <comment>a key as the keyboard says it</comment>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <comment>a key as the keyboard says it</comment>
        <translation>Strg+Eingabe</translation>
    </message>
    <message>
        <source>Ctrl+Z</source>
        <comment>a key as the keyboard says it</comment>
        <translation>Strg+Z</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <comment>a key as the keyboard says it</comment>
        <translation>Strg+R</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <comment>a key as the keyboard says it</comment>
        <translation>Strg+Q</translation>
    </message>
</context>
<context>
    <name>SkipDialog</name>
    <message>
        <source>Skip %1?</source>
        <translation>%1 überspringen?</translation>
    </message>
    <message>
        <source>1  For my wellness</source>
        <translation>1  Zu meinem Schutz</translation>
    </message>
    <message>
        <source>2  Language I can&apos;t review</source>
        <translation>2  Sprache, die ich nicht prüfen kann</translation>
    </message>
    <message>
        <source>3  Conflict of interest</source>
        <translation>3  Interessenkonflikt</translation>
    </message>
</context>
<context>
    <name>SlaPanel</name>
    <message>
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <source>%1: %2 open, %3 due soon, %4 breached, %5 paused; median time to decision %6</source>
        <translation>%1: %2 offen, %3 bald fällig, %4 überfällig, %5 angehalten; Median bis zur Entscheidung %6</translation>
    </message>
    <message>
        <source>Open items per queue</source>
        <translation>Offene Fälle je Warteschlange</translation>
    </message>
    <message>
        <source>on time</source>
        <translation>fristgerecht</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>due soon</source>
        <translation>bald fällig</translation>
    </message>
    <message>
        <source>breached</source>
        <translation>überfällig</translation>
    </message>
    <message>
        <source>Escalations: time to decision</source>
        <translation>Eskalationen: Zeit bis zur Entscheidung</translation>
    </message>
    <message>
        <source>under 1 h</source>
        <translation>unter 1 Std.</translation>
    </message>
    <message>
        <source>1–4 h</source>
        <translation>1–4 Std.</translation>
    </message>
    <message>
        <source>4–24 h</source>
        <translation>4–24 Std.</translation>
    </message>
    <message>
        <source>1–7 days</source>
        <translation>1–7 Tage</translation>
    </message>
    <message>
        <source>longer</source>
        <translation>länger</translation>
    </message>
    <message>
        <source>decisions</source>
        <translation>Entscheidungen</translation>
    </message>
</context>
<context>
    <name>StatusHeader</name>
    <message>
        <source>DEMO</source>
        <translation>DEMO</translation>
    </message>
    <message>
        <source>Demo mode: synthetic data</source>
        <translation>Demo-Modus: synthetische Daten</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Demo: switch role</source>
        <translation>Demo: Rolle wechseln</translation>
    </message>
    <message numerus="yes">
        <source>%n open</source>
        <translation>
            <numerusform>%n offen</numerusform>
            <numerusform>%n offen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n due soon</source>
        <translation>
            <numerusform>%n bald fällig</numerusform>
            <numerusform>%n bald fällig</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation>
            <numerusform>%n überfällig</numerusform>
            <numerusform>%n überfällig</numerusform>
        </translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Online, synced %1</source>
        <translation>Online, abgeglichen %1</translation>
    </message>
    <message>
        <source>Outbox %1</source>
        <translation>Postausgang %1</translation>
    </message>
    <message>
        <source>Receiving items</source>
        <translation>Fälle werden empfangen</translation>
    </message>
    <message>
        <source>Receiving %1 of %2 items</source>
        <translation>Empfange %1 von %2 Fällen</translation>
    </message>
    <message numerus="yes">
        <source>%n need attention</source>
        <translation>
            <numerusform>%n braucht Aufmerksamkeit</numerusform>
            <numerusform>%n brauchen Aufmerksamkeit</numerusform>
        </translation>
    </message>
    <message>
        <source>Verdicts the service did not accept</source>
        <translation>Entscheidungen, die der Dienst nicht angenommen hat</translation>
    </message>
    <message>
        <source>Exposure %1 s — time for a break</source>
        <translation>Exposition %1 s – Zeit für eine Pause</translation>
    </message>
    <message>
        <source>Exposure %1 s</source>
        <translation>Exposition %1 s</translation>
    </message>
    <message>
        <source>Seconds of clear media this session</source>
        <translation>Sekunden unverdeckter Medien in dieser Sitzung</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Reviewer settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Abgleich …</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Abgleichen</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Jetzt abgleichen</translation>
    </message>
    <message>
        <source>auto-refill</source>
        <translation>automatisches Nachladen</translation>
    </message>
    <message>
        <source>Claims %1 items at a time, and more by itself when fewer than %2 are open</source>
        <translation>Ruft %1 Fälle auf einmal ab und lädt selbst nach, wenn weniger als %2 offen sind</translation>
    </message>
    <message>
        <source>Claims %1 items at a time, when you sync</source>
        <translation>Ruft %1 Fälle auf einmal ab, wenn Sie synchronisieren</translation>
    </message>
</context>
<context>
    <name>UndoBar</name>
    <message numerus="yes">
        <source>Signed %n verdict(s): %1%2 — sent in %3 s.</source>
        <translation>
            <numerusform>%n Entscheidung signiert: %1%2 – Versand in %3 s.</numerusform>
            <numerusform>%n Entscheidungen signiert: %1%2 – Versand in %3 s.</numerusform>
        </translation>
    </message>
    <message>
        <source>Ctrl+Z undoes</source>
        <translation>Strg+Z macht rückgängig</translation>
    </message>
</context>
<context>
    <name>UnsettledVerdicts</name>
    <message>
        <source>Verdicts that need your attention</source>
        <translation>Entscheidungen, die Ihre Aufmerksamkeit brauchen</translation>
    </message>
    <message>
        <source>Rejected and conflicted verdicts</source>
        <translation>Abgelehnte und widersprüchliche Entscheidungen</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>in conflict</source>
        <translation>im Konflikt</translation>
    </message>
    <message>
        <source>Every verdict was accepted.</source>
        <translation>Jede Entscheidung wurde angenommen.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>veil::gui::DecisionController</name>
    <message>
        <source>Nothing to undo.</source>
        <translation>Nichts rückgängig zu machen.</translation>
    </message>
    <message>
        <source>Choose an outcome for the appeal: uphold, overturn or modify.</source>
        <translation>Wählen Sie ein Ergebnis der Beschwerde: bestätigen, aufheben oder ändern.</translation>
    </message>
    <message>
        <source>Write the message to the user (R), or start from a template.</source>
        <translation>Schreiben Sie die Nachricht an die Person (R) oder beginnen Sie mit einer Vorlage.</translation>
    </message>
    <message>
        <source>Fill in %1 in the message to the user.</source>
        <translation>Ergänzen Sie %1 in der Nachricht an die Person.</translation>
    </message>
    <message>
        <source>Nothing to sign: no member of the cluster was confirmed.</source>
        <translation>Nichts zu signieren: Kein Fall des Clusters wurde bestätigt.</translation>
    </message>
</context>
<context>
    <name>veil::gui::DecisionExport</name>
    <message>
        <source>Nothing exported: no decision log.</source>
        <translation>Nichts exportiert: kein Entscheidungsprotokoll.</translation>
    </message>
    <message>
        <source>Cannot create the folder for %1.</source>
        <translation>Der Ordner für %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Nothing exported: %1</source>
        <translation>Nichts exportiert: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s) written to %1.</source>
        <translation>
            <numerusform>%n Entscheidung nach %1 geschrieben.</numerusform>
            <numerusform>%n Entscheidungen nach %1 geschrieben.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing exported: no workstation.</source>
        <translation>Nichts exportiert: kein Arbeitsplatz.</translation>
    </message>
    <message numerus="yes">
        <source>%n statement(s) of reasons in %1 file(s) in %2; %3 decision(s) restricted nothing.</source>
        <translation>
            <numerusform>%n Begründung in %1 Datei(en) in %2; %3 Entscheidung(en) ohne Einschränkung.</numerusform>
            <numerusform>%n Begründungen in %1 Datei(en) in %2; %3 Entscheidung(en) ohne Einschränkung.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Der Ordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Nothing exported: no free folder name next to %1.</source>
        <translation>Nichts exportiert: neben %1 ist kein Ordnername frei.</translation>
    </message>
</context>
<context>
    <name>veil::gui::DurationText</name>
    <message>
        <source>%1h%2m</source>
        <comment>a duration: hours and two-digit minutes</comment>
        <translation>%1:%2 Std.</translation>
    </message>
    <message>
        <source>%1m</source>
        <comment>a duration: minutes</comment>
        <translation>%1 Min.</translation>
    </message>
    <message>
        <source>n/a</source>
        <comment>no duration to show</comment>
        <translation>k. A.</translation>
    </message>
</context>
<context>
    <name>veil::gui::LocaleText</name>
    <message>
        <source>n/a</source>
        <comment>no number to show</comment>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>%1%</source>
        <comment>a percentage</comment>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>P%1</source>
        <comment>a priority: P0 is the most urgent</comment>
        <translation>P%1</translation>
    </message>
    <message>
        <source>%1 s</source>
        <comment>a duration in seconds</comment>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1m%2s</source>
        <comment>a duration: minutes and two-digit seconds</comment>
        <translation>%1:%2 Min.</translation>
    </message>
</context>
<context>
    <name>veil::gui::PolicyModel</name>
    <message>
        <source>Choose a decision (1-%1).</source>
        <translation>Wählen Sie eine Entscheidung (1–%1).</translation>
    </message>
    <message>
        <source>This decision needs at least one policy label (L).</source>
        <translation>Diese Entscheidung braucht mindestens eine Kennzeichnung (L).</translation>
    </message>
    <message>
        <source>%1 carries no violation label: clear the labels.</source>
        <translation>%1 sieht keine Verstoßkennzeichnung vor: Entfernen Sie die Kennzeichnungen.</translation>
    </message>
    <message>
        <source>Your team asks for a policy label on this decision (L).</source>
        <translation>Ihr Team verlangt für diese Entscheidung eine Kennzeichnung (L).</translation>
    </message>
    <message>
        <source>Your team asks for a rationale on every decision (R).</source>
        <translation>Ihr Team verlangt zu jeder Entscheidung eine Begründung (R).</translation>
    </message>
    <message>
        <source>Message template…</source>
        <translation>Nachrichtenvorlage …</translation>
    </message>
    <message>
        <source>Upheld</source>
        <comment>an appeal&apos;s outcome</comment>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Overturned</source>
        <comment>an appeal&apos;s outcome</comment>
        <translation>Aufgehoben</translation>
    </message>
    <message>
        <source>Modified</source>
        <comment>an appeal&apos;s outcome</comment>
        <translation>Geändert</translation>
    </message>
</context>
<context>
    <name>veil::gui::QueueModel</name>
    <message>
        <source>clock paused</source>
        <translation>Frist angehalten</translation>
    </message>
    <message>
        <source>overdue %1</source>
        <comment>SLA: overdue by a duration</comment>
        <translation>überfällig %1</translation>
    </message>
    <message>
        <source>due in %1</source>
        <comment>SLA: due after a duration</comment>
        <translation>fällig in %1</translation>
    </message>
    <message>
        <source>lease expired: sync to claim it again</source>
        <translation>Reservierung abgelaufen: abgleichen, um den Fall erneut zu übernehmen</translation>
    </message>
    <message>
        <source>lease %1</source>
        <comment>how long the lease still runs</comment>
        <translation>Reservierung %1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>a classifier score: its name and value</comment>
        <translation>%1 %2</translation>
    </message>
</context>
<context>
    <name>veil::gui::RevealGuard</name>
    <message>
        <source>The media stays blurred: the reveal could not be recorded (%1).</source>
        <translation>Das Medium bleibt unscharf: Das Zeigen konnte nicht protokolliert werden (%1).</translation>
    </message>
</context>
<context>
    <name>veil::gui::ReviewItems</name>
    <message>
        <source>The decision restricted nothing: no statement of reasons was due.</source>
        <translation>Die Entscheidung hat nichts eingeschränkt: Eine Begründung war nicht erforderlich.</translation>
    </message>
    <message>
        <source>No statement of reasons: %1</source>
        <translation>Keine Begründung (DSA): %1</translation>
    </message>
</context>
<context>
    <name>veil::gui::Session</name>
    <message>
        <source>Nothing to unlock here.</source>
        <translation>Hier gibt es nichts zu entsperren.</translation>
    </message>
    <message>
        <source>Wrong passphrase.</source>
        <translation>Falsche Passphrase.</translation>
    </message>
    <message>
        <source>Enter the service address, like https://moderation.example.org.</source>
        <translation>Geben Sie die Adresse des Dienstes ein, etwa https://moderation.example.org.</translation>
    </message>
    <message>
        <source>Enter the reviewer token your supervisor gave you.</source>
        <translation>Geben Sie das Prüfer-Token ein, das Sie von Ihrer Teamleitung erhalten haben.</translation>
    </message>
    <message>
        <source>This workstation is not waiting to be linked.</source>
        <translation>Dieser Arbeitsplatz wartet nicht auf eine Verbindung.</translation>
    </message>
    <message>
        <source>The service refused this workstation: %1</source>
        <translation>Der Dienst hat diesen Arbeitsplatz abgelehnt: %1</translation>
    </message>
    <message>
        <source>This workstation is already set up, or has no data directory.</source>
        <translation>Dieser Arbeitsplatz ist bereits eingerichtet oder hat kein Datenverzeichnis.</translation>
    </message>
    <message>
        <source>Choose a passphrase of at least 12 characters.</source>
        <translation>Wählen Sie eine Passphrase mit mindestens 12 Zeichen.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Die beiden Passphrasen stimmen nicht überein.</translation>
    </message>
    <message>
        <source>Your passphrase is set, but the service refused this workstation: %1. Check the address and token, then connect again.</source>
        <translation>Ihre Passphrase ist gesetzt, aber der Dienst hat diesen Arbeitsplatz abgelehnt: %1. Prüfen Sie Adresse und Token und verbinden Sie sich erneut.</translation>
    </message>
    <message>
        <source>The demo could not start: %1</source>
        <translation>Die Demo konnte nicht starten: %1</translation>
    </message>
    <message>
        <source>Roles switch only in the demo.</source>
        <translation>Rollen lassen sich nur in der Demo wechseln.</translation>
    </message>
    <message>
        <source>This build has no demo: run veil-demo.</source>
        <translation>Diese Ausgabe enthält keine Demo: starten Sie veil-demo.</translation>
    </message>
    <message>
        <source>Moderator</source>
        <comment>a role</comment>
        <translation>Moderation</translation>
    </message>
    <message>
        <source>Appeals handler</source>
        <comment>a role</comment>
        <translation>Einsprüche</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <comment>a role</comment>
        <translation>Teamleitung</translation>
    </message>
</context>
<context>
    <name>veil::gui::Workstation</name>
    <message>
        <source>Cannot sync: %1</source>
        <translation>Abgleich nicht möglich: %1</translation>
    </message>
    <message>
        <source>%1 is off your queue; the service gets it back when it answers (%2).</source>
        <translation>%1 ist aus Ihrer Warteschlange entfernt; der Dienst erhält den Fall zurück, sobald er antwortet (%2).</translation>
    </message>
    <message>
        <source>The service refused this verdict. If the item comes back, decide it again; otherwise ask a supervisor.</source>
        <translation>Der Dienst hat diese Entscheidung abgelehnt. Kommt der Fall zurück, entscheiden Sie ihn erneut; andernfalls fragen Sie Ihre Teamleitung.</translation>
    </message>
    <message>
        <source>The item was decided elsewhere or your lease ran out. A supervisor sees both decisions.</source>
        <translation>Der Fall wurde anderswo entschieden oder Ihre Reservierung ist abgelaufen. Die Teamleitung sieht beide Entscheidungen.</translation>
    </message>
    <message>
        <source>%1 verdict(s) rejected and %2 in conflict: see the outbox</source>
        <translation>%1 Entscheidung(en) abgelehnt und %2 im Konflikt: siehe Postausgang</translation>
    </message>
    <message>
        <source>Unlock the workspace to verify its audit log.</source>
        <translation>Entsperren Sie den Arbeitsbereich, um sein Audit-Protokoll zu prüfen.</translation>
    </message>
    <message>
        <source>The audit log could not be read: %1</source>
        <translation>Das Audit-Protokoll konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The audit log is broken at entry %1: %2</source>
        <translation>Das Audit-Protokoll ist bei Eintrag %1 beschädigt: %2</translation>
    </message>
    <message numerus="yes">
        <source>The audit log is intact: %n entries, %1 signed checkpoint(s).</source>
        <translation>
            <numerusform>Das Audit-Protokoll ist intakt: %n Eintrag, %1 signierte(r) Prüfpunkt(e).</numerusform>
            <numerusform>Das Audit-Protokoll ist intakt: %n Einträge, %1 signierte(r) Prüfpunkt(e).</numerusform>
        </translation>
    </message>
    <message>
        <source>The service&apos;s clock was not taken (%1). Decisions are dated by this computer&apos;s clock.</source>
        <translation>Die Uhrzeit des Dienstes wurde nicht übernommen (%1). Entscheidungen werden mit der Uhr dieses Computers datiert.</translation>
    </message>
</context>
</TS>
