//go:build release

// Package release checks a snapshot release built by `make release`
// (mk/release.mk): the plugin archive goreleaser made, installed the way the
// Pulumi engine installs it from the schema's pluginDownloadURL, reports the
// stamped version; the npm and Python packages carry the same version.
//
//	ORGBACKUP_RELEASE_VERSION   the version stamped (semver, no leading v)
//	ORGBACKUP_RELEASE_DIST      goreleaser's dist directory
//	ORGBACKUP_RELEASE_PACKAGES  the directory holding npm/ (`npm pack`'s tarball) and python/ (`python -m build`'s wheel and sdist)
package release

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blang/semver"
	pythongen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/pluginstorage"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/orgbackup/pulumi-orgbackup/provider"
)

// The repository whose GitHub releases github://api.github.com/orgbackup
// names: the engine appends pulumi-<package name> to the organization.
const repository = "orgbackup/pulumi-orgbackup"

func env(t *testing.T, name string) string {
	t.Helper()
	value := os.Getenv(name)
	require.NotEmpty(t, value, "%s is not set: run `make release`", name)
	return value
}

func releaseVersion(t *testing.T) semver.Version {
	t.Helper()
	v, err := semver.Parse(env(t, "ORGBACKUP_RELEASE_VERSION"))
	require.NoError(t, err)
	return v
}

// fakeGitHub answers the two requests the engine's github:// source makes,
// from the archives in dist: the release by tag (GitHub's "get a release by
// tag name", https://docs.github.com/en/rest/releases/releases#get-a-release-by-tag-name,
// reduced to the asset names and URLs the engine reads) and an asset's
// content. requested records every URL asked for.
func fakeGitHub(t *testing.T, dist string, requested *[]string) func(*http.Request) (io.ReadCloser, int64, error) {
	archives, err := filepath.Glob(filepath.Join(dist, "*.tar.gz"))
	require.NoError(t, err)
	const api = "https://api.github.com/repos/" + repository
	return func(req *http.Request) (io.ReadCloser, int64, error) {
		url := req.URL.String()
		*requested = append(*requested, url)
		if tag, ok := strings.CutPrefix(url, api+"/releases/tags/"); ok {
			type asset struct {
				Name string `json:"name"`
				URL  string `json:"url"`
			}
			release := struct {
				TagName string  `json:"tag_name"`
				Assets  []asset `json:"assets"`
			}{TagName: tag}
			for _, archive := range archives {
				name := filepath.Base(archive)
				release.Assets = append(release.Assets, asset{name, api + "/releases/assets/" + name})
			}
			body, err := json.Marshal(release)
			if err != nil {
				return nil, -1, err
			}
			return io.NopCloser(strings.NewReader(string(body))), int64(len(body)), nil
		}
		if name, ok := strings.CutPrefix(url, api+"/releases/assets/"); ok {
			f, err := os.Open(filepath.Join(dist, name))
			if err != nil {
				return nil, -1, err
			}
			info, err := f.Stat()
			if err != nil {
				return nil, -1, err
			}
			return f, info.Size(), nil
		}
		return nil, -1, fmt.Errorf("unexpected request %s", url)
	}
}

// The engine resolves the schema's pluginDownloadURL to this repository's
// release v<version>, finds the archive goreleaser built under the name it
// expects, installs it, and the plugin it starts reports the version.
func TestEngineInstallsThePluginOfTheRelease(t *testing.T) {
	v := releaseVersion(t)
	t.Setenv("PULUMI_HOME", t.TempDir())
	t.Setenv("PULUMI_IGNORE_AMBIENT_PLUGINS", "true")
	spec := workspace.PluginDescriptor{
		Name:              provider.Name,
		Kind:              apitype.ResourcePlugin,
		Version:           &v,
		PluginDownloadURL: provider.PluginDownloadURL,
	}
	source, err := spec.GetSource()
	require.NoError(t, err)
	assert.Equal(t, "github://api.github.com/"+repository, source.URL())

	// The snapshot build holds linux/amd64 only (mk/release.mk).
	var requested []string
	ctx := context.Background()
	archive, _, err := source.Download(ctx, v, "linux", "amd64", fakeGitHub(t, env(t, "ORGBACKUP_RELEASE_DIST"), &requested))
	require.NoError(t, err, "the engine does not find the plugin archive in the release")
	asset := fmt.Sprintf("pulumi-resource-orgbackup-v%s-linux-amd64.tar.gz", v)
	assert.Equal(t, []string{
		"https://api.github.com/repos/" + repository + "/releases/tags/v" + v.String(),
		"https://api.github.com/repos/" + repository + "/releases/assets/" + asset,
	}, requested)

	done, err := pluginstorage.UnpackContents(ctx, spec, pluginstorage.TarPlugin(archive), false)
	require.NoError(t, err)
	require.NoError(t, done(true))
	sink := diag.DefaultSink(io.Discard, io.Discard, diag.FormatOptions{Color: colors.Never})
	path, err := workspace.GetPluginPath(ctx, sink, spec, nil)
	require.NoError(t, err)
	assert.Equal(t, "pulumi-resource-orgbackup", filepath.Base(path))

	client := startPlugin(t, path)
	info, err := client.GetPluginInfo(ctx, &emptypb.Empty{})
	require.NoError(t, err)
	assert.Equal(t, v.String(), info.GetVersion(), "GetPluginInfo")

	resp, err := client.GetSchema(ctx, &pulumirpc.GetSchemaRequest{})
	require.NoError(t, err)
	var served struct {
		Name              string `json:"name"`
		Version           string `json:"version"`
		PluginDownloadURL string `json:"pluginDownloadURL"`
	}
	require.NoError(t, json.Unmarshal([]byte(resp.GetSchema()), &served))
	assert.Equal(t, provider.Name, served.Name)
	assert.Equal(t, v.String(), served.Version, "the version of the schema the plugin serves")
	assert.Equal(t, provider.PluginDownloadURL, served.PluginDownloadURL)
}

// The archive holds the plugin, executable, at its root (where the engine
// looks for pulumi-resource-<name>) and the license.
func TestPluginArchiveHoldsThePluginAndItsLicense(t *testing.T) {
	v := releaseVersion(t)
	archive := filepath.Join(env(t, "ORGBACKUP_RELEASE_DIST"), fmt.Sprintf("pulumi-resource-orgbackup-v%s-linux-amd64.tar.gz", v))
	f, err := os.Open(archive)
	require.NoError(t, err)
	defer f.Close()
	gz, err := gzip.NewReader(f)
	require.NoError(t, err)
	modes := map[string]int64{}
	r := tar.NewReader(gz)
	for {
		header, err := r.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		modes[header.Name] = header.Mode
	}
	assert.ElementsMatch(t, []string{"pulumi-resource-orgbackup", "LICENSE"}, keys(modes))
	assert.NotZero(t, modes["pulumi-resource-orgbackup"]&0o111, "the plugin is not executable")

	license, err := os.ReadFile(filepath.Join("..", "..", "LICENSE"))
	require.NoError(t, err)
	assert.Contains(t, string(license), "Apache License\n                           Version 2.0, January 2004")
}

func keys(m map[string]int64) []string {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	return names
}

// startPlugin runs the plugin as the engine does, without an engine address
// (attach mode), and dials the port it prints.
func startPlugin(t *testing.T, path string) pulumirpc.ResourceProviderClient {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, path)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
	})

	port := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		port <- strings.TrimSpace(line)
	}()
	var address string
	select {
	case p := <-port:
		require.NotEmpty(t, p, "the plugin printed no port")
		address = "127.0.0.1:" + p
	case <-time.After(time.Minute):
		t.Fatal("the plugin printed no port within a minute")
	}
	conn, err := grpc.NewClient(address, grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	return pulumirpc.NewResourceProviderClient(conn)
}

// pulumiPluginJSON is the pulumi-plugin.json (Node.js: package.json's
// "pulumi" section) by which the language hosts tell the engine which plugin
// a package needs and where to download it.
type pulumiPluginJSON struct {
	Resource bool   `json:"resource"`
	Name     string `json:"name"`
	Version  string `json:"version"`
	Server   string `json:"server"`
}

func assertPlugin(t *testing.T, v semver.Version, got pulumiPluginJSON, where string) {
	t.Helper()
	assert.Equal(t, pulumiPluginJSON{Resource: true, Name: provider.Name, Version: v.String(),
		Server: provider.PluginDownloadURL}, got, where)
}

func TestNodePackageCarriesTheVersion(t *testing.T) {
	v := releaseVersion(t)
	tarball := filepath.Join(env(t, "ORGBACKUP_RELEASE_PACKAGES"), "npm", fmt.Sprintf("orgbackup-pulumi-orgbackup-%s.tgz", v))
	files := readTarGz(t, tarball)

	var pkg struct {
		Name    string           `json:"name"`
		Version string           `json:"version"`
		License string           `json:"license"`
		Pulumi  pulumiPluginJSON `json:"pulumi"`
	}
	require.NoError(t, json.Unmarshal(files["package/package.json"], &pkg))
	assert.Equal(t, "@orgbackup/pulumi-orgbackup", pkg.Name)
	assert.Equal(t, v.String(), pkg.Version)
	assert.Equal(t, "Apache-2.0", pkg.License)
	assertPlugin(t, v, pkg.Pulumi, "package.json pulumi")
	for _, name := range []string{"package/index.js", "package/index.d.ts", "package/orgBackup.js",
		"package/memberAccount.js", "package/types/input.d.ts", "package/LICENSE", "package/README.md"} {
		assert.Contains(t, files, name, "the npm package lacks %s", name)
	}
	for name := range files {
		assert.False(t, strings.HasSuffix(name, ".ts") && !strings.HasSuffix(name, ".d.ts"),
			"the npm package ships TypeScript source %s instead of its compiled form", name)
	}
}

func TestPythonPackagesCarryTheVersion(t *testing.T) {
	v := releaseVersion(t)
	packages := filepath.Join(env(t, "ORGBACKUP_RELEASE_PACKAGES"), "python")
	pypi := pythongen.PypiVersion(v)

	wheel := readZip(t, filepath.Join(packages, fmt.Sprintf("pulumi_orgbackup-%s-py3-none-any.whl", pypi)))
	var plugin pulumiPluginJSON
	require.NoError(t, json.Unmarshal(wheel["pulumi_orgbackup/pulumi-plugin.json"], &plugin))
	assertPlugin(t, v, plugin, "the wheel's pulumi-plugin.json")
	metadata := string(wheel[fmt.Sprintf("pulumi_orgbackup-%s.dist-info/METADATA", pypi)])
	assert.Contains(t, metadata, "\nVersion: "+pypi+"\n")
	assert.Contains(t, wheel, "pulumi_orgbackup/org_backup.py")
	assert.Contains(t, wheel, fmt.Sprintf("pulumi_orgbackup-%s.dist-info/licenses/LICENSE", pypi))

	sdist := readTarGz(t, filepath.Join(packages, fmt.Sprintf("pulumi_orgbackup-%s.tar.gz", pypi)))
	assert.Contains(t, string(sdist[fmt.Sprintf("pulumi_orgbackup-%s/PKG-INFO", pypi)]), "\nVersion: "+pypi+"\n")
}

func readTarGz(t *testing.T, path string) map[string][]byte {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	gz, err := gzip.NewReader(f)
	require.NoError(t, err)
	files := map[string][]byte{}
	r := tar.NewReader(gz)
	for {
		header, err := r.Next()
		if err == io.EOF {
			return files
		}
		require.NoError(t, err)
		if header.Typeflag == tar.TypeReg {
			files[header.Name], err = io.ReadAll(r)
			require.NoError(t, err)
		}
	}
}

func readZip(t *testing.T, path string) map[string][]byte {
	t.Helper()
	r, err := zip.OpenReader(path)
	require.NoError(t, err)
	defer r.Close()
	files := map[string][]byte{}
	for _, f := range r.File {
		rc, err := f.Open()
		require.NoError(t, err)
		files[f.Name], err = io.ReadAll(rc)
		require.NoError(t, err)
		require.NoError(t, rc.Close())
	}
	return files
}
