import {createContext, useContext} from 'react';
import type {Auditor} from '../../audit/events.js';

const AuditContext = createContext<Auditor | undefined>(undefined);

/** Provides the app's auditor; none (the default) means the log is off. */
export const AuditProvider = AuditContext.Provider;

/** The auditor every close run of the app writes through, if the log is on. */
export function useAuditor(): Auditor | undefined {
	return useContext(AuditContext);
}
