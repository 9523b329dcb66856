// ReferenceView: a decision opened from the team's log shows its free text as written. A rationale is any
// reviewer's text; read as markup, a tag in it could load an image — an unblurred one from the vault.
import QtQuick
import QtTest
import Veil
import VeilTest

TestCase {
    id: testCase
    name: "ReferenceView"
    width: 900
    height: 600
    when: windowShown
    visible: true

    Component {
        id: viewComponent
        ReferenceView {}
    }

    function findExactText(item, text) {
        if (item.text !== undefined && String(item.text) === text)
            return item
        for (let i = 0; i < item.children.length; ++i) {
            const found = findExactText(item.children[i], text)
            if (found)
                return found
        }
        const content = item.contentItem
        return content && content !== item && content.parent !== item ? findExactText(content, text) : null
    }

    function test_aRationaleIsPlainText() {
        const view = createTemporaryObject(viewComponent, testCase)
        const rationale = "<img src=\"image://veil/esc-000001/clear/f2\" width=900> age <13 & more"
        view.show("record", "esc-000001", Values.logEntry("kim", "remove", rationale))
        tryVerify(() => view.opened)
        const label = findExactText(view.contentItem, rationale)
        verify(label, "the rationale is shown exactly as written")
        compare(label.textFormat, Text.PlainText)
        view.close()
    }

    function findNamed(item, name) {
        if (item.objectName === name)
            return item
        for (let i = 0; i < item.children.length; ++i) {
            const found = findNamed(item.children[i], name)
            if (found)
                return found
        }
        const content = item.contentItem
        return content && content !== item && content.parent !== item ? findNamed(content, name) : null
    }

    // A blind QA re-review by keys alone: the decision by its number, L and a digit for a label, Enter.
    function test_aQaReReviewByKeys() {
        const view = createTemporaryObject(viewComponent, testCase)
        view.show("qa", "esc-000001", view.noRecord)
        tryVerify(() => view.opened)
        view.vaultId = "ref-test" // as if the sample had arrived
        keyClick(Qt.Key_Return) // nothing chosen: nothing is sent
        verify(view.status.indexOf("Sending") < 0, view.status)
        keyClick(Qt.Key_2)
        verify(findNamed(view.contentItem, "qa-remove").checked)
        keyClick(Qt.Key_L)
        keyClick(Qt.Key_4)
        verify(findNamed(view.contentItem, "qa-label-violence_gore").checked)
        keyClick(Qt.Key_Return)
        verify(view.status.indexOf("Sending") >= 0, view.status)
        view.vaultId = ""
        view.close()
    }
}
