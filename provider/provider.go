// Package provider is the orgbackup Pulumi plugin: the OrgBackup component
// turns the pure plans of the config, naming and policy packages into
// resources.
package provider

import (
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// Name is the package name, the first segment of every token.
const Name = "orgbackup"

// Version is the plugin version: a release build stamps it with
// -ldflags "-X github.com/orgbackup/pulumi-orgbackup/provider.Version=X.Y.Z".
// Builds from source are 0.0.0, the version pip and npm give the committed,
// versionless SDKs, so the engine finds this plugin for them.
var Version = "0.0.0"

// PluginDownloadURL is where the engine downloads the plugin from: the
// GitHub releases of orgbackup/pulumi-orgbackup, asset
// pulumi-resource-orgbackup-vX.Y.Z-<os>-<arch>.tar.gz of release vX.Y.Z.
const PluginDownloadURL = "github://api.github.com/orgbackup"

// GoImportPath is the import path of the generated Go SDK.
const GoImportPath = "github.com/orgbackup/pulumi-orgbackup/sdk/go/orgbackup"

// Provider builds the plugin.
func Provider() (p.Provider, error) {
	prov, err := infer.NewProviderBuilder().
		WithDisplayName("OrgBackup").
		WithDescription("Immutable, organization-wide AWS Backup: organization backup policies, member-account "+
			"vaults and roles, compliance-locked copies on the AWS-managed key, logically air-gapped vaults and restores.").
		WithKeywords("aws", "backup", "organizations", "immutable", "category/cloud", "kind/component").
		WithHomepage("https://github.com/orgbackup/pulumi-orgbackup").
		WithRepository("https://github.com/orgbackup/pulumi-orgbackup").
		WithPublisher("orgbackup").
		WithLicense("Apache-2.0").
		WithPluginDownloadURL(PluginDownloadURL).
		WithNamespace("orgbackup").
		WithLanguageMap(map[string]any{
			"go": map[string]any{
				"importBasePath":                 GoImportPath,
				"generateResourceContainerTypes": true,
				"generateExtraInputTypes":        true,
				"respectSchemaVersion":           true,
			},
			"nodejs": map[string]any{
				"packageName":          "@orgbackup/pulumi-orgbackup",
				"respectSchemaVersion": true,
			},
			"python": map[string]any{
				"packageName":          "pulumi_orgbackup",
				"respectSchemaVersion": true,
				"pyproject":            map[string]any{"enabled": true},
			},
		}).
		WithComponents(infer.ComponentF(NewOrgBackup), infer.ComponentF(NewMemberAccount),
			infer.ComponentF(NewOrgPrerequisites)).
		WithModuleMap(map[tokens.ModuleName]tokens.ModuleName{"provider": "index"}).
		Build()
	if err != nil {
		return p.Provider{}, err
	}
	return withPlainInputs(prov), nil
}
