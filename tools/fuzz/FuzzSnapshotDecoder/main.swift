import FuzzDriver
import KubeLedger

// The projection snapshot decoders (catch-up, time travel, `replay --verify`) on arbitrary
// bytes: a damaged snapshot in data.mdb hands them exactly such bytes. Each must throw, never
// crash; what decodes must encode again.
runFuzzer { input in
    let bytes = Array(input)
    if let p = try? LiveObjectsProjection(decoding: bytes) { _ = try? LiveObjectsProjection(decoding: p.encoded()) }
    _ = try? PodsProjection(decoding: bytes)
    _ = try? RolloutsProjection(decoding: bytes)
    _ = try? StatefulSetIdentityProjection(decoding: bytes)
    _ = try? DaemonSetsProjection(decoding: bytes)
    _ = try? ClusterProjections(decoding: bytes)
}
