// The Content-Security-Policy nonce of the page being rendered on the server (see
// app/entry.server.tsx). In the browser it is empty: the scripts are already in the page.
import { createContext, useContext } from "react";

export const NonceContext = createContext<string | undefined>(undefined);

export const useNonce = () => useContext(NonceContext);
