import Foundation
import KubeLedger
import Ledger
import Testing

@Suite struct SyntheticAuditLogTests {
    /// A synthetic RequestResponse audit log: `count` update records with ~2.5 KB objects.
    static func syntheticAuditLog(count: Int) -> [UInt8] {
        let labels = (0..<20).map { #""label-\#($0)":"value-\#($0)-abcdefghij""# }.joined(separator: ",")
        let env = (0..<30).map { #"{"name":"ENV_\#($0)","value":"some configuration value \#($0)"}"# }.joined(
            separator: ",")
        var out: [UInt8] = []
        for i in 0..<count {
            let object =
                #"""
                {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web-\#(i % 100)",\#
                "namespace":"default","uid":"uid-\#(i % 100)","resourceVersion":"\#(i + 1000)","generation":\#(i),\#
                "labels":{\#(labels)}},"spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"app",\#
                "image":"registry.example.com/app:\#(i)","env":[\#(env)]}]}}}}
                """#
            let line =
                #"""
                {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"RequestResponse","auditID":"audit-\#(i)",\#
                "stage":"ResponseComplete",\#
                "requestURI":"/apis/apps/v1/namespaces/default/deployments/web-\#(i % 100)","verb":"update",\#
                "user":{"username":"system:serviceaccount:kube-system:deployment-controller",\#
                "groups":["system:serviceaccounts","system:authenticated"]},"sourceIPs":["10.0.0.1"],\#
                "userAgent":"kube-controller-manager/v1.32.0","objectRef":{"resource":"deployments",\#
                "namespace":"default","name":"web-\#(i % 100)","apiGroup":"apps","apiVersion":"v1"},\#
                "responseStatus":{"metadata":{},"code":200},"requestObject":\#(object),"responseObject":\#(object),\#
                "requestReceivedTimestamp":"2026-11-26T10:00:00.000000Z",\#
                "stageTimestamp":"2026-11-26T10:00:00.001000Z"}
                """#
            out.append(contentsOf: line.utf8)
            out.append(0x0A)
        }
        return out
    }

    /// Counts only: speed is measured by the benchmarks (tools/), never asserted in unit tests.
    @Test func theAuditAdapterReadsEveryRecordOfASyntheticLog() {
        let count = 2_000
        let log = Self.syntheticAuditLog(count: count)
        var events = 0
        var ids = Set<String>()
        log.withUnsafeBytes { b in
            AuditLogAdapter(source: "synthetic").read(b) {
                if case .event(let e, _) = $0 {
                    events += 1
                    ids.insert(e.eventID)
                }
            }
        }
        #expect(events == count)
        #expect(ids.count == count)
    }
}
