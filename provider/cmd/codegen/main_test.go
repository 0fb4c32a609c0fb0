package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider"
)

// buildOutputs are what building and installing the SDKs leave beside the
// generated files.
var buildOutputs = []string{"/node_modules/", "/bin/", "/build/", ".egg-info/", "__pycache__"}

// TestGeneratedFilesAreCommitted regenerates schema.json and the SDKs and
// fails on any difference with the repository: run `make codegen`.
func TestGeneratedFilesAreCommitted(t *testing.T) {
	files, err := Generate("")
	require.NoError(t, err)
	root := filepath.Join("..", "..", "..")
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(root, name))
		if assert.NoError(t, err, "%s is generated but not committed: run make codegen", name) {
			assert.Equal(t, string(want), string(got), "%s differs from the generator's output: run make codegen", name)
		}
	}
	for _, lang := range Languages {
		dir := filepath.Join(root, "sdk", lang)
		require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			rel = filepath.ToSlash(rel)
			for _, ignored := range buildOutputs {
				if strings.Contains("/"+rel, ignored) {
					return nil
				}
			}
			assert.Contains(t, files, rel, "%s is not generated any more: run make codegen", rel)
			return nil
		}))
	}
}

func TestGenerationIsDeterministic(t *testing.T) {
	first, err := Generate("")
	require.NoError(t, err)
	again, err := Generate("")
	require.NoError(t, err)
	assert.Equal(t, first, again)
}

// The committed schema and SDKs name where the plugin is downloaded from but
// carry no version: the Go SDK is released by tagging sdk/vX.Y.Z, and the Go
// language host asks for the plugin version of the module's tag only when
// pulumi-plugin.json has none; the Node.js and Python packages are generated
// with -version at release.
func TestCommittedFilesCarryThePluginDownloadURLAndNoVersion(t *testing.T) {
	files, err := Generate("")
	require.NoError(t, err)
	var schema map[string]any
	require.NoError(t, json.Unmarshal(files["schema.json"], &schema))
	assert.NotContains(t, schema, "version")
	assert.Equal(t, provider.PluginDownloadURL, schema["pluginDownloadURL"])
	for _, name := range []string{"sdk/go/orgbackup/pulumi-plugin.json", "sdk/python/pulumi_orgbackup/pulumi-plugin.json"} {
		var plugin map[string]any
		require.NoError(t, json.Unmarshal(files[name], &plugin), name)
		assert.Equal(t, map[string]any{"resource": true, "name": provider.Name, "server": provider.PluginDownloadURL}, plugin, name)
	}
	var pkg struct {
		Version string         `json:"version"`
		Pulumi  map[string]any `json:"pulumi"`
	}
	require.NoError(t, json.Unmarshal(files["sdk/nodejs/package.json"], &pkg))
	assert.Equal(t, "${VERSION}", pkg.Version, "the placeholder make sdk-nodejs and release-packages replace")
	assert.Equal(t, map[string]any{"resource": true, "name": provider.Name, "server": provider.PluginDownloadURL}, pkg.Pulumi)
}

func TestReleaseVersionReachesEverySDK(t *testing.T) {
	files, err := Generate("1.2.3-rc.1")
	require.NoError(t, err)
	var schema struct {
		Version string `json:"version"`
	}
	require.NoError(t, json.Unmarshal(files["schema.json"], &schema))
	assert.Equal(t, "1.2.3-rc.1", schema.Version)
	for _, name := range []string{"sdk/go/orgbackup/pulumi-plugin.json", "sdk/python/pulumi_orgbackup/pulumi-plugin.json"} {
		var plugin struct {
			Version string `json:"version"`
		}
		require.NoError(t, json.Unmarshal(files[name], &plugin), name)
		assert.Equal(t, "1.2.3-rc.1", plugin.Version, name)
	}
	assert.Contains(t, string(files["sdk/python/pyproject.toml"]), `version = "1.2.3rc1"`)
	assert.Contains(t, string(files["sdk/nodejs/package.json"]), `"version": "1.2.3-rc.1"`)

	_, err = Generate("v1.2.3")
	assert.ErrorContains(t, err, `-version "v1.2.3"`)
}

// The npm and PyPI packages carry the essentials of the README, and the
// Node.js SDK declares the Node.js it needs.
func TestPackagesCarryAReadmeAndTheNodeEngine(t *testing.T) {
	files, err := Generate("")
	require.NoError(t, err)
	var pkg struct {
		Engines map[string]string `json:"engines"`
	}
	require.NoError(t, json.Unmarshal(files["sdk/nodejs/package.json"], &pkg))
	assert.Equal(t, map[string]string{"node": ">=22"}, pkg.Engines)
	for name, want := range map[string][]string{
		"sdk/nodejs/README.md":                  {"npm install @orgbackup/pulumi-orgbackup", "new orgbackup.OrgBackup(", "subscriptions"},
		"sdk/python/README.md":                  {"pip install pulumi_orgbackup", "orgbackup.OrgBackup(", "AlertSubscriptionArgs"},
		"sdk/python/pulumi_orgbackup/README.md": {"pip install pulumi_orgbackup"},
	} {
		readme := string(files[name])
		for _, s := range append(want, "pulumi destroy", "/docs/prerequisites.md", "/docs/cost.md", "#readme") {
			assert.Contains(t, readme, s, name)
		}
	}
}
