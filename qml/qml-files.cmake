# The QML module "Veil", by feature. app/gui/CMakeLists.txt adds these to the module, each at the
# module's root (qrc:/Veil/ReviewPane.qml), so names stay unique across folders. Main.qml and Gate.qml are
# the two roots main.cpp loads.
set(VEIL_QML_FILES
    Main.qml
    Gate.qml
    StatusHeader.qml
    ShortcutHelp.qml
    components/ThemedWindow.qml
    components/ChoiceButton.qml
    components/ThemedPopup.qml
    components/MarkedCheckBox.qml
    components/MarkedRadioButton.qml
    components/FocusRing.qml
    queue/QueuePane.qml
    queue/QueueRow.qml
    review/ReviewPane.qml
    review/ItemFacts.qml
    review/ClockFacts.qml
    review/OriginalVerdict.qml
    review/DecisionBar.qml
    review/SkipDialog.qml
    review/ClusterDialog.qml
    review/FamilyMember.qml
    review/UndoBar.qml
    review/MediaViewport.qml
    review/RevealableMedia.qml
    desk/DeskPage.qml
    desk/DeskOverview.qml
    desk/AgreementPanel.qml
    desk/SlaPanel.qml
    desk/DecisionLogPanel.qml
    desk/ReferenceView.qml
    desk/QaVerdictForm.qml
    settings/ReviewerSettings.qml
    settings/UnsettledVerdicts.qml
)
