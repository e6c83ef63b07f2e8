import {createContext, useContext} from 'react';
import type {CredentialSource} from '../errors.js';

/** Where the app's credential came from: the profile in use, or the environment. */
export const CredentialContext = createContext<CredentialSource>({kind: 'environment'});

/** The source of the credential in use, for the advice after a 401. */
export function useCredentialSource(): CredentialSource {
	return useContext(CredentialContext);
}
