import Foundation
import KubeLedger
import Testing

@Suite struct ThroughputTests {
    /// A synthetic RequestResponse audit log: `count` update records with ~2.5 KB objects.
    static func syntheticAuditLog(count: Int) -> [UInt8] {
        let labels = (0..<20).map { #""label-\#($0)":"value-\#($0)-abcdefghij""# }.joined(separator: ",")
        let env = (0..<30).map { #"{"name":"ENV_\#($0)","value":"some configuration value \#($0)"}"# }.joined(separator: ",")
        var out: [UInt8] = []
        for i in 0..<count {
            let object = #"{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web-\#(i % 100)","namespace":"default","uid":"uid-\#(i % 100)","resourceVersion":"\#(i + 1000)","generation":\#(i),"labels":{\#(labels)}},"spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"app","image":"registry.example.com/app:\#(i)","env":[\#(env)]}]}}}}"#
            let line = #"{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"RequestResponse","auditID":"audit-\#(i)","stage":"ResponseComplete","requestURI":"/apis/apps/v1/namespaces/default/deployments/web-\#(i % 100)","verb":"update","user":{"username":"system:serviceaccount:kube-system:deployment-controller","groups":["system:serviceaccounts","system:authenticated"]},"sourceIPs":["10.0.0.1"],"userAgent":"kube-controller-manager/v1.32.0","objectRef":{"resource":"deployments","namespace":"default","name":"web-\#(i % 100)","apiGroup":"apps","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":200},"requestObject":\#(object),"responseObject":\#(object),"requestReceivedTimestamp":"2026-11-26T10:00:00.000000Z","stageTimestamp":"2026-11-26T10:00:00.001000Z"}"#
            out.append(contentsOf: line.utf8)
            out.append(0x0A)
        }
        return out
    }

    @Test func theAuditAdapterReadsASyntheticLogQuickly() {
        let count = 20_000
        let log = Self.syntheticAuditLog(count: count)
        let clock = ContinuousClock()
        var events = 0
        let elapsed = clock.measure {
            log.withUnsafeBytes { b in AuditLogAdapter(source: "bench").read(b) { if case .event = $0 { events += 1 } } }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = Double(count) / seconds
        print("audit adapter: \(Int(rate)) events/s, \(Int(Double(log.count) / seconds / 1e6)) MB/s, \(log.count / count) bytes/record")
        #expect(events == count)
        #if !DEBUG
        // Regression floor at the measured release speed (~34k records/s, ~200 MB/s, on a shared
        // 2-core machine). The goal is 50,000 events/s end to end; not reached yet.
        #expect(rate >= 25_000)
        #endif
    }
}
