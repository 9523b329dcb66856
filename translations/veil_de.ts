<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AgreementPanel</name>
    <message>
        <source>n/a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QA agreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overall: %1 re-reviewed, %2% agreement, kappa %3, %4 disagreement(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-reviewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kappa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cohen&apos;s kappa per reviewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kappa</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClockFacts</name>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLA clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused. Due %1 before the pause.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started %1 · due %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Claimed %n time(s), first %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Reason to pause the SLA clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause clock</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DecisionBar</name>
    <message>
        <source>Appeal outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uphold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overturn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rationale template…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Depicts graphic violence against a person.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sexualised likeness of a real, identifiable person.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hate symbol shown approvingly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synthetic, no policy violation found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message templates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rationale templates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message to the user (R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rationale (R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message to the user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rationale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal note (not sent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  Skip (S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip (S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip this item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply to cluster ×%1 (C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submit (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply to the whole cluster?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This signs %1 verdicts — “%2” — one for each open item in the cluster, each noting that you reviewed %3.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DecisionLogPanel</name>
    <message>
        <source>Reviewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any reviewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decided within</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 24 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The log could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  ·  %2  ·  %3%4  ·  %5  ·  %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the decision on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No decisions match. The log fills from the service with each sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export JSON Lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export DSA statements</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeskOverview</name>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disagreements (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2: %3 — QA: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the decision on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Breached now (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · P%2 · %3 late · %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not claimed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit: no workstation&apos;s chain was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit alerts: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Gate</name>
    <message>
        <source>Veil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up this workstation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to your service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock Veil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data directory: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service address (https://…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reviewer token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New passphrase (12 characters or more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try the demo on synthetic data</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ItemFacts</name>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model %1 · source %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classifier scores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hash-list match: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appeal statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Near-duplicates: %1 open in this cluster</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Veil — DEMO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Veil</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MediaViewport</name>
    <message>
        <source>Media, revealed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Media, blurred</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OriginalVerdict</name>
    <message>
        <source>Decision under appeal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 by %2 on %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No rationale was given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Original rationale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Statement of reasons&lt;/b&gt;: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Statement of reasons&lt;/b&gt;: %1, %2 (%3). %4. %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statement of reasons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict %1 · user notified %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QaVerdictForm</name>
    <message>
        <source>Choose a decision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the re-review</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueuePane</name>
    <message>
        <source>Sort</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sort the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hash matches only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop showing one cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to review. Sync (Ctrl+R) to fetch more.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueRow</name>
    <message>
        <source>%1, %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · %3 %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cluster ×%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hash match: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReferenceView</name>
    <message>
        <source>Fetching the media…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No QA sample is waiting: every sampled decision has been re-reviewed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the item: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The re-review was not recorded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QA re-review (blind): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Greyscale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blur now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reveal %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close and shred</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appeal outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decided (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rationale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending the re-review…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewPane</name>
    <message>
        <source>Blurred</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pixelated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How unrevealed media is shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Greyscale (G)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Faces (F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blur now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reveal %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an item in the queue (J / K).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewerSettings</name>
    <message>
        <source>Reviewer settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Like the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light or dark appearance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blur strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timed reveal (seconds)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timed reveal in seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Break after (minutes of revealed media)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Break budget in minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Greyed-out settings are set by your team.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify the audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Veil %1 — review workstation for trust-and-safety teams. Qt %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutHelp</name>
    <message>
        <source>next / previous item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decision types, in policy order (6: skip)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>focus the labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>focus the rationale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space (hold)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reveal the media; released, it blurs again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>greyscale on / off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reveal faces (kept blurred otherwise)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>apply the decision to the whole cluster (asks first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skip the item (asks a reason)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>appeals: uphold, overturn or modify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>appeals: start the message from the outcome&apos;s template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>submit the decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>supervisors: the desk (agreement, SLA, audit) and back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quit (the outbox is flushed if the service answers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SkipDialog</name>
    <message>
        <source>Skip %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For my wellness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language I can&apos;t review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflict of interest</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SlaPanel</name>
    <message>
        <source>n/a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 open, %3 due soon, %4 breached, %5 paused; median time to decision %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open items per queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>breached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalations: time to decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>under 1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1–4 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>4–24 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1–7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>longer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decisions</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusHeader</name>
    <message>
        <source>DEMO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo mode: synthetic data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo: switch role</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n open</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n due soon</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Online, synced %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outbox %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receiving items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receiving %1 of %2 items</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n need attention</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Verdicts the service did not accept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exposure %1 s — time for a break</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exposure %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds of clear media this session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reviewer settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SupervisorDesk</name>
    <message>
        <source>Supervisor desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not refresh: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-review a QA sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-review the next QA sample, blind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh the desk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UnsettledVerdicts</name>
    <message>
        <source>Verdicts that need your attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected and conflicted verdicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every verdict was accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>veil::gui::DecisionLogModel</name>
    <message>
        <source>Cannot create the folder for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing exported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s) written to %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing exported: no workstation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n statement(s) of reasons in %1 file(s) in %2; %3 decision(s) restricted nothing.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>veil::gui::QueueModel</name>
    <message>
        <source>clock paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>overdue %1</source>
        <comment>SLA: overdue by a duration</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due in %1</source>
        <comment>SLA: due after a duration</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1h%2m</source>
        <comment>a duration: hours and two-digit minutes</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1m</source>
        <comment>a duration: minutes</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lease expired: sync to claim it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lease %1</source>
        <comment>how long the lease still runs</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>veil::gui::Session</name>
    <message>
        <source>Nothing to unlock here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the service address, like https://moderation.example.org.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the reviewer token your supervisor gave you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This workstation is not waiting to be linked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service refused this workstation: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This workstation is already set up, or has no data directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a passphrase of at least 12 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your passphrase is set, but the service refused this workstation: %1. Check the address and token, then connect again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo could not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles switch only in the demo.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>veil::gui::Workstation</name>
    <message>
        <source>Cannot sync: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is off your queue; the service gets it back when it answers (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service refused this verdict. If the item comes back, decide it again; otherwise ask a supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The item was decided elsewhere or your lease ran out. A supervisor sees both decisions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 verdict(s) rejected and %2 in conflict: see the outbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a decision (1-%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This decision needs at least one policy label (L).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your team asks for a policy label on this decision (L).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your team asks for a rationale on every decision (R).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message template…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an outcome for the appeal: uphold, overturn or modify.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the message to the user (R), or start from a template.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill in %1 in the message to the user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The decision restricted nothing: no statement of reasons was due.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No statement of reasons: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock the workspace to verify its audit log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit log could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit log is broken at entry %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The audit log is intact: %n entries, %1 signed checkpoint(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
</TS>
