// QueuePane's filters: they offer what the policy knows (a team's own category too), by its titles, and the
// boxes keep showing a filter set when the policy or the language makes their lists anew; a filter the
// policy no longer offers is cleared rather than left set unseen.
import QtQuick
import QtQuick.Controls
import QtTest
import Veil
import VeilTest

TestCase {
    id: testCase
    name: "QueuePane"
    width: 440
    height: 600
    when: windowShown
    visible: true

    Component {
        id: paneComponent
        QueuePane {
            width: 440
            height: 600
            model: QueueModel {
                workstation: Workstation
            }
        }
    }

    function texts(box) {
        const all = []
        for (let i = 0; i < box.count; ++i)
            all.push(box.textAt(i))
        return all
    }

    function cleanup() {
        Values.applyPolicy(true) // the policy as cached, for the next test
    }

    function test_offersThePolicysCategoriesAndSources() {
        Values.applyPolicy(true)
        const pane = createTemporaryObject(paneComponent, testCase)
        const category = findChild(pane, "categoryFilter")
        const source = findChild(pane, "sourceFilter")
        verify(category && source)
        compare(category.textAt(0), "Any category")
        verify(texts(category).includes("Hate symbol"), texts(category).join("|"))
        verify(texts(source).includes("Prompt filter"), texts(source).join("|"))
        // A team's own category and source: offered by their titles, filtered by their names.
        Values.applyPolicyTitled("category", "spam_wave", "Spam wave")
        verify(texts(category).includes("Spam wave"), texts(category).join("|"))
        compare(category.valueAt(texts(category).indexOf("Spam wave")), "spam_wave")
        Values.applyPolicyTitled("source", "trusted_flagger", "Trusted flagger")
        verify(texts(source).includes("Trusted flagger"), texts(source).join("|"))
        // A policy without titles (they are optional): the protocol's sources are still offered, by name.
        Values.applyPolicyTitled("source", "prompt_filter", "")
        verify(Array.from({length: source.count}, (v, i) => source.valueAt(i)).includes("prompt_filter"))
        // Beyond "Any": by title, as a reader looks for them.
        const titles = texts(category).slice(1)
        compare(titles, Array.from(titles).sort((a, b) => a.localeCompare(b)))
    }

    function test_aFilterSetStaysShown() {
        Values.applyPolicy(true)
        const pane = createTemporaryObject(paneComponent, testCase)
        const category = findChild(pane, "categoryFilter")
        const at = texts(category).indexOf("Self-harm")
        verify(at > 0, texts(category).join("|"))
        category.currentIndex = at
        category.activated(at)
        compare(pane.model.categoryFilter, "self_harm")
        // Another policy comes (a sync; a language switch makes the lists anew too): the box still says so.
        Values.applyPolicyTitled("category", "spam_wave", "Spam wave")
        compare(pane.model.categoryFilter, "self_harm")
        compare(category.currentText, "Self-harm")
        Values.applyPolicy(true)
        compare(category.currentText, "Self-harm")
        // Set from elsewhere (a restored view): the box follows.
        pane.model.sourceFilter = "user_report"
        compare(findChild(pane, "sourceFilter").currentValue, "user_report")
        // A policy without that category: the filter goes, and the box says "Any category".
        Values.applyPolicyTitled("category", "self_harm", "")
        compare(pane.model.categoryFilter, "")
        compare(category.currentIndex, 0)
        compare(pane.model.sourceFilter, "user_report")
    }
}
