import FuzzDriver
import KubeLedger

// The projection snapshot decoders (catch-up, time travel, `replay --verify`) on arbitrary
// bytes: a damaged snapshot in data.mdb hands them exactly such bytes. Each must throw, never
// crash; what decodes must encode again.
runFuzzer { input in
    let bytes = Array(input)
    if let p = try? LiveObjectsProjection(decoding: bytes) { _ = try? LiveObjectsProjection(decoding: p.encoded()) }
    // The scoped reader (`get` of one kind, issue 15): never a crash, and on bytes the whole
    // decoder accepts, the same entries as the decoded state's.
    for scope in [[], Array("/Pod".utf8) + [0], Array("/Pod".utf8) + [0] + Array("ns".utf8) + [0], [0xFF]] {
        guard let scoped = try? LiveObjectsProjection.entries(decoding: bytes, scope: scope) else { continue }
        if let whole = try? LiveObjectsProjection(decoding: bytes) {
            let expected = whole.objects.filter { $0.key.starts(with: scope) }.sorted {
                $0.key.lexicographicallyPrecedes($1.key)
            }
            precondition(scoped.lastRevision == whole.lastRevision, "scoped revision")
            precondition(scoped.entries.map(\.key) == expected.map(\.key), "scoped keys")
            precondition(scoped.entries.map(\.entry) == expected.map(\.value), "scoped entries")
        }
    }
    _ = try? PodsProjection(decoding: bytes)
    _ = try? RolloutsProjection(decoding: bytes)
    _ = try? StatefulSetIdentityProjection(decoding: bytes)
    _ = try? DaemonSetsProjection(decoding: bytes)
    _ = try? ClusterProjections(decoding: bytes)
}
