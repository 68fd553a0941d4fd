import Foundation
import KubeLedger
import Ledger
import Testing

/// Every input that crashed a libFuzzer harness (tools/fuzz/regressions/<harness>/), replayed
/// through the same code: it must be handled (rejected or read), never trap.
@Suite struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../tools/fuzz/regressions").standardizedFileURL.path

    static func inputs(_ harness: String) -> [[UInt8]] {
        let dir = root + "/" + harness
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.sorted().compactMap { FileManager.default.contents(atPath: dir + "/" + $0).map { [UInt8]($0) } }
    }

    @Test func timesBeyondTheInt64NanosecondRangeAreNotTimes() {
        // Found by FuzzNativeEvents, FuzzAuditLog, FuzzWatchStream and FuzzListSnapshot: it trapped.
        #expect(Timestamp(rfc3339: "4052-11-01T10:00:00Z") == nil)
        #expect(Timestamp(rfc3339: "9999-12-31T23:59:59.999999999Z") == nil)
        #expect(Timestamp(rfc3339: "1000-01-01T00:00:00Z") == nil)
        #expect(Timestamp(rfc3339: "2262-04-11T23:47:16Z") != nil)
        #expect(Timestamp(rfc3339: "1677-09-21T00:12:44Z") != nil)
    }

    @Test func nativeEventCrashInputs() {
        let inputs = Self.inputs("FuzzNativeEvents")
        #expect(!inputs.isEmpty)
        for i in inputs { _ = NativeEventAdapter(source: "fuzz").items(in: i) }
    }

    @Test func auditLogCrashInputs() {
        let inputs = Self.inputs("FuzzAuditLog")
        #expect(!inputs.isEmpty)
        for i in inputs { _ = AuditLogAdapter(source: "fuzz").items(in: i) }
    }

    @Test func watchStreamCrashInputs() {
        let inputs = Self.inputs("FuzzWatchStream")
        #expect(!inputs.isEmpty)
        for i in inputs {
            var a = WatchStreamAdapter(source: "fuzz")
            _ = a.items(in: i)
        }
    }

    @Test func listSnapshotCrashInputs() {
        let inputs = Self.inputs("FuzzListSnapshot")
        #expect(!inputs.isEmpty)
        for i in inputs { _ = ListSnapshotAdapter(source: "fuzz").items(in: i) }
    }

    @Test func recordDecoderCrashInputs() {
        // Found by FuzzRecordDecoder: an annotation count near Int.max overflowed `count * 2`.
        let inputs = Self.inputs("FuzzRecordDecoder")
        #expect(!inputs.isEmpty)
        for i in inputs { #expect(i.withUnsafeBytes { _LedgerFuzzing.decodeRecord($0) } == false) }
    }
}
