import FuzzDriver
import KubeLedger
import Ledger

// The pod-rows cache decoder (`get pods` tables, issue 15) on arbitrary bytes: a damaged entry
// in the `caches` database hands it exactly such bytes. It must return nil (the row is then
// computed from the object), never crash; a row it decodes must encode to the same bytes and
// print its cells.
runFuzzer { input in
    let bytes = Array(input)
    guard let cached = PodRow.decoded(bytes) else { return }
    precondition(PodRow.decoded(PodRow.encoded(cached)) == cached, "a decoded row must round-trip")
    if case .row(let row) = cached {
        _ = row.cells(at: Timestamp(nanoseconds: 1_767_225_600 * 1_000_000_000))
        _ = GetView.podTable([row], at: .now(), options: .init(wide: true, allNamespaces: true))
    }
}
