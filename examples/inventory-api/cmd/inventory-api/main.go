// Command inventory-api serves stock levels and checkout reservations over HTTP.
package main

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/example/inventory-api/internal/stock"
	"github.com/google/uuid"
)

const reservationTTL = 15 * time.Minute

func main() {
	logger := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	store := stock.NewStore(time.Now)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusOK)
	})
	mux.HandleFunc("GET /v1/stock/{warehouse}/{sku}", func(w http.ResponseWriter, r *http.Request) {
		item, ok := store.Get(r.PathValue("sku"), r.PathValue("warehouse"))
		if !ok {
			http.NotFound(w, r)
			return
		}
		writeJSON(w, http.StatusOK, item)
	})
	mux.HandleFunc("POST /v1/reservations", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			SKU       string `json:"sku"`
			Warehouse string `json:"warehouse"`
			Quantity  int    `json:"quantity"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, "invalid JSON body", http.StatusBadRequest)
			return
		}
		res, err := store.Reserve(req.SKU, req.Warehouse, req.Quantity, reservationTTL)
		switch {
		case errors.Is(err, stock.ErrInsufficientStock):
			http.Error(w, err.Error(), http.StatusConflict)
		case err != nil:
			http.Error(w, err.Error(), http.StatusBadRequest)
		default:
			writeJSON(w, http.StatusCreated, res)
		}
	})
	mux.HandleFunc("POST /v1/reservations/{id}/commit", func(w http.ResponseWriter, r *http.Request) {
		id, err := uuid.Parse(r.PathValue("id"))
		if err != nil {
			http.Error(w, "id: not a UUID", http.StatusBadRequest)
			return
		}
		if err := store.Commit(id); err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})

	addr := ":" + getenv("PORT", "8080")
	logger.Info("listening", "addr", addr)
	// TODO: graceful shutdown on SIGTERM, drain in-flight reservations (INV-230).
	server := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	if err := server.ListenAndServe(); err != nil {
		logger.Error("server stopped", "error", err)
		os.Exit(1)
	}
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func getenv(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}
