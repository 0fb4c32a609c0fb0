package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
