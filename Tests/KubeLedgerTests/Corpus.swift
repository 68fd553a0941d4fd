import Foundation

/// Locates the shared test corpus: walks up from this file to a directory with
/// `../shared/corpus`, else `/work/shared/corpus`.
enum Corpus {
    static let root: String? = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let fm = FileManager.default
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("../shared/corpus").standardizedFileURL.path
            if fm.fileExists(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return fm.fileExists(atPath: "/work/shared/corpus") ? "/work/shared/corpus" : nil
    }()

    static var isAvailable: Bool { root != nil }

    static func bytes(_ relative: String) throws -> [UInt8] {
        guard let root else { throw CocoaError(.fileNoSuchFile) }
        return Array(try Data(contentsOf: URL(fileURLWithPath: root + "/" + relative)))
    }

    static func files(in relative: String, suffix: String) -> [String] {
        guard let root, let names = try? FileManager.default.contentsOfDirectory(atPath: root + "/" + relative) else { return [] }
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { relative + "/" + $0 }
    }
}

extension Array where Element == UInt8 {
    init(_ s: String) { self = Array(s.utf8) }
}
