extension Environment {
    /// How an ``Environment`` is opened.
    public struct Configuration: Sendable, Hashable {
        /// The initial size of the memory map in bytes. The map grows by itself when it fills up.
        public var mapSize: Int = 64 << 20
        /// The largest step by which the map grows at once, in bytes (it doubles up to this step).
        public var maxGrowthStep: Int = 4 << 30
        /// The number of reader slots (concurrent read transactions across processes).
        public var maxReaders: UInt32 = 254
        /// The number of named databases.
        public var maxDatabases: UInt32 = 32
        /// Opens the environment read-only: write transactions fail.
        public var isReadOnly: Bool = false
        /// Skips the fsync at commit. Faster, but a system crash (not a process crash) can lose the
        /// last transactions. Off by default; benchmarks use it only where both sides do.
        public var noSync: Bool = false
        /// The file mode of `data.mdb` and `lock.mdb` when they are created.
        public var fileMode: UInt32 = 0o600

        /// The default configuration: durable commits, a 64 MiB initial map.
        public init() {}
    }
}
