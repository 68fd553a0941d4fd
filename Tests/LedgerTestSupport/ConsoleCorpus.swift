import Foundation

/// The console namespace's folder of the OpenShift must-gather in the shared corpus
/// (`../shared/corpus` beside the package), whose `openshift-console/console` Deployment went
/// through three revisions; `nil` when the corpus is absent.
public enum ConsoleCorpus {
    public static let folder: String? = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            let candidate = url.appendingPathComponent(
                "../shared/corpus/openshift__must-gather-clean/test/files/must-gather-aws.tar.xz.d/namespaces/"
                    + "openshift-console"
            ).standardizedFileURL.path
            if FileManager.default.fileExists(atPath: candidate + "/apps/deployments.yaml") { return candidate }
            url = url.deletingLastPathComponent()
        }
        return nil
    }()
}
