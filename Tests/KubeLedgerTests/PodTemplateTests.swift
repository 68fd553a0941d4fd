import Testing

@testable import KubeLedger

@Suite struct PodTemplateTests {
    @Test(arguments: [
        ("1000m", "1"), ("1Gi", "1024Mi"), ("0.5", "500m"), ("1e3", "1k"), ("100M", "100000k"), ("0", "0m"),
        ("1.5Gi", "1536Mi"),
    ])
    func `quantities written differently compare by value`(a: String, b: String) throws {
        #expect(try #require(ResourceQuantity(a)) == #require(ResourceQuantity(b)))
    }

    @Test(arguments: [("1", "2"), ("1Gi", "1G"), ("500m", "5")])
    func `different quantities differ`(a: String, b: String) throws {
        #expect(try #require(ResourceQuantity(a)) != #require(ResourceQuantity(b)))
    }

    @Test func `fingerprints are stable, ignore the hash label and member order, and use the hash alphabet`() throws {
        let a = try JSONReader.parse(
            Array(
                #"""
                {"metadata":{"labels":{"app":"web","pod-template-hash":"abc"}},"spec":{"containers":[{"name":"n",\#
                "image":"nginx"}]}}
                """#
                .utf8))
        let b = try JSONReader.parse(
            Array(
                #"""
                {"spec":{"containers":[{"image":"nginx","name":"n","env":[]}]},"metadata":{"labels":{"app":"web"},\#
                "annotations":{}}}
                """#
                .utf8))
        #expect(PodTemplate.equal(a, b))
        #expect(PodTemplate.fingerprint(a) == PodTemplate.fingerprint(b))
        #expect(PodTemplate.fingerprint(a) == "f95b88b79")
        #expect(PodTemplate.safeEncode("1564180365") == "59b85d47b9")
    }

    @Test func `a changed image is a different template`() throws {
        let a = Fixture.json("deployment-web-v1.json")["spec"]?["template"]
        let b = Fixture.json("deployment-web-v2.json")["spec"]?["template"]
        #expect(!PodTemplate.equal(a, b))
        #expect(PodTemplate.images(try #require(b)) == ["nginx:1.26"])
    }
}
