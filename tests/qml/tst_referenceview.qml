// ReferenceView: a decision opened from the team's log shows its free text as written. A rationale is any
// reviewer's text; read as markup, a tag in it could load an image — an unblurred one from the vault.
import QtQuick
import QtTest
import Veil

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
        view.show("record", "esc-000001", {reviewer: "kim", decision: "remove", rationale: rationale})
        tryVerify(() => view.opened)
        const label = findExactText(view.contentItem, rationale)
        verify(label, "the rationale is shown exactly as written")
        compare(label.textFormat, Text.PlainText)
        view.close()
    }
}
