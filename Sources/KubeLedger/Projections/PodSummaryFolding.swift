import Ledger

/// A projection that folds pod events from their ``PodSummary`` and other events from their
/// bodies (StatefulSet identity, DaemonSets): its registry fold takes the summary that
/// ``FoldInput`` picks once for every projection.
protocol PodSummaryFolding: Projection {
    var lastRevision: UInt64 { get set }
    /// Folds a pod event whose body was already picked (`nil`: no usable body).
    mutating func foldPod(_ c: EventContext, summary: PodSummary?)
    /// Folds any other event from its body.
    mutating func fold(_ c: EventContext, group: String, body: [UInt8]?)
}

extension PodSummaryFolding {
    public mutating func fold(_ input: FoldInput) {
        guard input.event.revision > lastRevision else { return }
        lastRevision = input.event.revision
        if input.isPod {
            foldPod(input.context, summary: input.podSummary)
        } else {
            fold(input.context, group: input.group, body: input.event.body)
        }
    }
}
