import Foundation
import Ledger
import LedgerTestSupport
import Testing

/// `record --all` rediscovers: a CustomResourceDefinition created after start (recorded like any
/// object) makes its custom resource recorded within seconds; a new kind without one is found by
/// the periodic discovery (`--rediscover-interval`). The source is `kubeledger serve`, whose
/// discovery lists what the CRDs in its store define and every kind it holds.
@Suite(.serialized)
struct RecordRediscoveryTests {
    static let definition = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{\
        "name":"gadgets.example.com","uid":"crd-gadgets","creationTimestamp":"2026-11-26T09:00:00Z"},\
        "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"gadgets","singular":"gadget",\
        "kind":"Gadget","listKind":"GadgetList"},"versions":[{"name":"v1","served":true,"storage":true,\
        "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
        """

    static func object(_ apiVersion: String, _ kind: String, _ name: String) -> String {
        """
        {"apiVersion":"\(apiVersion)","kind":"\(kind)","metadata":{"name":"\(name)","namespace":"default",\
        "uid":"uid-\(name)","creationTimestamp":"2026-11-26T09:00:00Z"},"spec":{"size":1}}
        """
    }

    @Test func customResourcesDefinedAfterStartAreRecorded() throws {
        let rig = try RecordRig()
        try rig.append([RecordRig.pod("p1", 1)])
        let serve = try ServeRunner(store: rig.dir.file("src"))
        defer { serve.stop() }
        let kubeconfig = try rig.kubeconfig(for: serve.url)
        // Periodic discovery an hour away: only the recorded CRD can trigger the rediscovery.
        let recorder = try rig.startRecorder(["--kubeconfig", kubeconfig, "--all", "--rediscover-interval", "3600"])
        #expect(try rig.waitForAll(), "\(recorder.reader.text)")
        #expect(!recorder.reader.text.contains("watching /apis/example.com/v1/gadgets"))

        try rig.append([Self.definition])
        try rig.append([Self.object("example.com/v1", "Gadget", "g1")])
        #expect(
            recorder.reader.wait(for: "watching /apis/example.com/v1/gadgets", seconds: 30), "\(recorder.reader.text)")
        #expect(try rig.waitForAll(), "\(recorder.reader.text)")
        try rig.append([Self.object("example.com/v1", "Gadget", "g2")])
        #expect(try rig.waitForAll(), "\(recorder.reader.text)")
        #expect(recorder.terminate().status == 0)

        // A kind with no CRD (serve lists every kind its store holds): found by the periodic
        // discovery after a restart that resumes every resource, gadgets included, from its cursor.
        let again = try rig.startRecorder(["--kubeconfig", kubeconfig, "--all", "--rediscover-interval", "1"])
        #expect(again.reader.wait(for: "watching /apis/example.com/v1/gadgets", seconds: 20), "\(again.reader.text)")
        try rig.append([Self.object("example.org/v1", "Thing", "t1")])
        #expect(again.reader.wait(for: "watching /apis/example.org/v1/things", seconds: 30), "\(again.reader.text)")
        #expect(try rig.waitForAll(), "\(again.reader.text)")
        #expect(again.terminate().status == 0)
        try RecordEndToEndTests.expectOneToOne(rig)
        let kinds = try rig.recordedEvents().map(\.object.kind)
        #expect(kinds.filter { $0 == "Gadget" }.count == 2)
        #expect(kinds.contains("Thing") && kinds.contains("CustomResourceDefinition"))
    }
}
