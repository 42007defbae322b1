import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { createServices } from './services/api'
import { ServicesContext } from './services/context'
import './styles/theme.css'
import './styles/lists-and-details.css'
import './styles/screens.css'

const root = document.getElementById('root')
if (!root) throw new Error('#root is missing from index.html')

createRoot(root).render(
  <StrictMode>
    <ServicesContext.Provider value={createServices()}>
      <App />
    </ServicesContext.Provider>
  </StrictMode>,
)
