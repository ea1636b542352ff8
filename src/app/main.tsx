// Entry point of the browser app: mounts the shell.
import { createRoot } from 'react-dom/client';

const root = document.getElementById('root');
if (root) createRoot(root).render(<h1>Quorum Lab</h1>);
