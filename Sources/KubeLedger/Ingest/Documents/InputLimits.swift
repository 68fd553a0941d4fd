/// Limits on what one input may hold; documented in docs/limits.md.
public struct InputLimits: Sendable, Hashable {
    /// The largest object accepted, in bytes of JSON (etcd's default request limit is 1.5 MiB).
    public var maxObjectBytes: Int = 1_572_864
    /// The deepest nesting of JSON arrays and objects.
    public var maxDepth: Int = 128
    /// The most JSON nodes one YAML document may expand to (guards against alias bombs).
    public var maxYAMLNodes: Int = 2_000_000

    public init() {}
}
