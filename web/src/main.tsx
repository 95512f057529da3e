/** Entry point: i18n, react-query (with sign-out on an expired session) and the router. */
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";
import { ApiError } from "./api.js";
import { App } from "./app.js";
import { meKey } from "./auth/session.js";
import "./i18n/index.js";
import "./styles.css";

/** A 401 anywhere means the session is gone: forget the user, and RequireAuth sends them to sign in. */
function onError(err: unknown) {
  if (err instanceof ApiError && err.status === 401 && !/^\/(invite|approve)\//.test(window.location.pathname)) {
    queryClient.setQueryData(meKey, null);
  }
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      // Client errors (4xx) will not fix themselves; only retry server and network trouble.
      retry: (count, err) => count < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
