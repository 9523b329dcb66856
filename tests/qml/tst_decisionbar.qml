// DecisionBar against the real Workstation: number keys pick policy decision types, a removal waits for a
// label and says so, an appeal waits for an outcome, and a submitted decision leaves the queue.
import QtQuick
import QtTest
import Veil
import VeilTest

TestCase {
    id: testCase
    name: "DecisionBar"
    width: 900
    height: 260
    when: windowShown
    visible: true // a TestCase is hidden by default; these tests check what is shown

    QueueModel {
        id: queue
        workstation: Workstation
    }

    Component {
        id: barComponent
        DecisionBar {
            width: 900
            itemId: queue.itemIdAt(0)
            clusterMembers: []
            appeal: false
        }
    }

    SignalSpy {
        id: decidedSpy
        signalName: "decided"
    }

    function test_keysFollowThePolicyOrder() {
        const bar = createTemporaryObject(barComponent, testCase)
        verify(Workstation.policy.decisionTypes.length >= 5)
        compare(bar.blocked, "Choose a decision (1-5).")
        bar.chooseKey(1)
        compare(bar.decision, Workstation.policy.decisionTypes[0].name)
        bar.chooseKey(2)
        compare(bar.decision, "remove")
        const chosen = findChild(bar, "remove")
        verify(chosen && chosen.checked && chosen.highlighted, "the chosen decision's button shows as chosen")
        verify(!findChild(bar, "no_violation").checked)
        bar.chooseKey(Workstation.policy.skipKey) // skip is not a verdict: nothing changes
        compare(bar.decision, "remove")
    }

    // A bar made before the first policy arrived follows it when it does: the reason it gives names the
    // policy's keys, never "1-0".
    function test_theBlockedReasonFollowsThePolicy() {
        Values.applyPolicy(false)
        const bar = createTemporaryObject(barComponent, testCase)
        compare(bar.blocked, "Choose a decision (1-0).")
        Values.applyPolicy(true)
        compare(bar.blocked, "Choose a decision (1-5).")
    }

    // An item that needs deciding again opens with the earlier choice filled in and says so; another item
    // opens empty.
    function test_theEarlierChoiceIsFilledInAndSaid() {
        const bar = createTemporaryObject(barComponent, testCase)
        bar.earlier = Values.earlierChoice("remove", ["hate_symbol"])
        bar.reset()
        compare(bar.decision, "remove")
        compare(bar.labels, ["hate_symbol"])
        compare(bar.blocked, "")
        verify(bar.summary().indexOf("Remove") >= 0, bar.summary())
        const notice = findChild(bar, "againNotice")
        verify(notice.visible && notice.text.indexOf("Needs your decision again") === 0, notice.text)
        bar.earlier = Values.earlierChoice("", [])
        bar.reset()
        verify(!notice.visible)
        compare(bar.decision, "")
        compare(bar.labels, [])
    }

    function test_aRemovalNeedsALabel() {
        const bar = createTemporaryObject(barComponent, testCase)
        bar.chooseKey(2)
        verify(bar.blocked.indexOf("label") >= 0, bar.blocked)
        decidedSpy.target = bar
        decidedSpy.clear()
        bar.submit()
        compare(decidedSpy.count, 0, "blocked: nothing is submitted")
        bar.toggleLabel("hate_symbol", true)
        compare(bar.blocked, "")
        bar.toggleLabel("hate_symbol", false)
        verify(bar.blocked !== "")
    }

    function test_anAppealNeedsAnOutcome() {
        const bar = createTemporaryObject(barComponent, testCase, {appeal: true})
        bar.chooseKey(1)
        verify(bar.blocked.indexOf("outcome") >= 0, bar.blocked)
        bar.reset()
        compare(bar.decision, "")
    }

    function test_submitDecidesTheItem() {
        const before = queue.count
        const item = queue.itemIdAt(0)
        const bar = createTemporaryObject(barComponent, testCase)
        decidedSpy.target = bar
        decidedSpy.clear()
        bar.chooseKey(1)
        bar.submit()
        compare(bar.error, "")
        compare(decidedSpy.count, 1)
        compare(queue.count, before - 1)
        verify(queue.rowOf(item) < 0, "the decided item left the queue")
    }

    function test_theSuggestedLabelIsShownNotHidden() {
        const bar = createTemporaryObject(barComponent, testCase, {suggestedLabel: "hate_symbol"})
        bar.chooseKey(2)
        compare(bar.labels, ["hate_symbol"])
        verify(findChild(bar, "label-hate_symbol").checked, "the suggestion is ticked where the reviewer sees it")
        verify(findChild(bar, "decisionStatus").text.indexOf("(suggested)") >= 0, findChild(bar, "decisionStatus").text)
        // A decision that restricts nothing drops the labels and takes none.
        bar.chooseKey(1)
        compare(bar.labels, [])
        bar.toggleLabelKey(5)
        compare(bar.labels, [])
        verify(!findChild(bar, "label-hate_symbol").enabled)
        // L and a digit: the label at that place.
        bar.chooseKey(2)
        bar.toggleLabelKey(4)
        compare(bar.labels.slice().sort(), ["hate_symbol", "violence_gore"])
        bar.reset()
        compare(bar.labels, [])
        verify(!findChild(bar, "label-violence_gore").checked)
    }

    function test_upholdTakesTheDecisionUnderAppeal() {
        const bar = createTemporaryObject(barComponent, testCase,
                                          {appeal: true, original: Values.originalVerdict("remove", ["self_harm"])})
        bar.chooseOutcome("uphold")
        compare(bar.decision, "remove")
        compare(bar.labels, ["self_harm"])
        compare(bar.outcome, "uphold")
    }
}
