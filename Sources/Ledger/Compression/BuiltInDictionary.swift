import LedgerCZstd

/// The zstd dictionaries KubeLedger compresses object bodies with, compiled into the binary.
///
/// A dictionary is part of the store format: a frame names its dictionary by ID, and a store
/// written with dictionary N is only readable by a binary that has N. So a released dictionary
/// is never changed or removed; a better one is added under a new ID and used for new records.
/// Dictionary 1 was trained by `tools/zstd-dictionary/train.py` on the objects of four real
/// clusters' must-gather dumps (`docs/decisions/0004-zstd-object-compression.md`).
enum BuiltInDictionary {
    /// The dictionary new records are compressed with.
    static let current: ZstdDictionary = kubernetes1

    /// Dictionary 1: Kubernetes objects (Pods, workloads, Events, Nodes, volumes) as compact JSON.
    static let kubernetes1 = ZstdDictionary(base64: kubernetes1Base64, level: BodyCompressor.level)

    /// The dictionary with zstd dictionary ID `id`, if this binary has it.
    static func dictionary(id: UInt32) -> ZstdDictionary? {
        id == kubernetes1.id ? kubernetes1 : nil
    }
}
