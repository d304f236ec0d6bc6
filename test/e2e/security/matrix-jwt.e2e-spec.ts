import { describeSecurityMatrix } from '../../utils/security-matrix';

// One configuration per file: apps in one file share the embedded database.
describeSecurityMatrix({ jwt: true, key: false });
