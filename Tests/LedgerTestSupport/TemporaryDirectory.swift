public import Ledger

#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory under the system temporary directory, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    // @unchecked: immutable after init; deinit only removes files.
    /// The directory path.
    public let path: String

    /// Creates a new empty directory.
    public init(prefix: String = "kubeledger-test") {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
    }

    deinit {
        _ = TemporaryDirectory.removeTree(path)
    }

    /// A path inside the directory.
    public func file(_ name: String) -> String { path + "/" + name }

    /// Opens (creating) a ledger in a subdirectory `name`; `compressBodies` as in
    /// ``Ledger/Options``.
    public func ledger(_ name: String = "store", compressBodies: Bool = true) throws -> Ledger {
        var options = Ledger.Options()
        options.create = true
        options.compressBodies = compressBodies
        return try Ledger(path: file(name), options: options)
    }

    /// Removes `path` and everything under it (no symbolic link is followed).
    @discardableResult
    public static func removeTree(_ path: String) -> Int32 {
        guard let dir = opendir(path) else { return unlink(path) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name == "." || name == ".." { continue }
            let child = path + "/" + name
            if entry.pointee.d_type == UInt8(DT_DIR) { removeTree(child) } else { unlink(child) }
        }
        closedir(dir)
        return rmdir(path)
    }
}

/// Builders of events for tests.
public enum TestEvents {
    /// A Pod JSON body of roughly `size` bytes.
    public static func podBody(
        name: String, namespace: String = "default", uid: String = "", padding: Int = 2000
    ) -> [UInt8] {
        let pad = String(repeating: "x", count: padding)
        return Array(
            #"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"\#(name)","namespace":"\#(namespace)","uid":"\#(uid)",\#
            "annotations":{"pad":"\#(pad)"}},"spec":{"containers":[{"name":"c","image":"nginx:1.25"}]},\#
            "status":{"phase":"Running"}}
            """#
            .utf8)
    }

    /// A pod event.
    public static func pod(
        _ name: String, verb: Verb = .create, namespace: String = "default", at seconds: Int64 = 1_700_000_000,
        actor: String = "alice", id: String = "", expectation: ExpectedVersion = .any
    ) -> NewEvent {
        NewEvent(
            verb: verb,
            object: ObjectReference(
                apiVersion: "v1", kind: "Pod", namespace: namespace, name: name, uid: "uid-\(name)"),
            occurredAt: Timestamp(nanoseconds: seconds * 1_000_000_000), actor: actor, eventID: id,
            body: podBody(name: name, namespace: namespace, uid: "uid-\(name)"), expectation: expectation)
    }
}
